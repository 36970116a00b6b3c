import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { adminRequest, BEHIND_PLAN_ONLY, weekStartedDaysAgo } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const SITE = 'site-b';

interface DeliveryBody {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

// Receivers that misbehave in each way the sender must handle; each gets the same one alert.
const SINKS = {
  flaky: '/flaky', // 500, then 200
  limited: '/limited', // 429 with Retry-After: 1, then 200
  rejecting: '/rejecting', // 400: the request is wrong, repeating it will not help
  down: '/down', // 503, always
  slow: '/slow', // first answer later than the sender waits, then 200
} as const;
type SinkName = keyof typeof SINKS;

describe('alerts: webhook delivery through the outbox', () => {
  let database: TestDatabase;
  let sink: WebhookSink;
  let alerts: RunningService;
  const webhookIds = {} as Record<SinkName, string>;

  const deliveries = async (name: SinkName) =>
    (
      await adminRequest<{ items: DeliveryBody[] }>(
        alerts.url,
        'GET',
        `/v1/webhooks/${webhookIds[name]}/deliveries`,
      )
    ).body.items;

  beforeAll(async () => {
    let topicPrefix: string;
    [database, topicPrefix, sink] = await Promise.all([
      createTestDatabase('alerts_delivery'),
      createTestTopics(),
      new WebhookSink().start(),
    ]);
    sink.respond(SINKS.flaky, (_request, index) => ({ status: index === 0 ? 500 : 200 }));
    sink.respond(SINKS.limited, (_request, index) =>
      index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 },
    );
    sink.respond(SINKS.rejecting, () => ({ status: 400 }));
    sink.respond(SINKS.down, () => ({ status: 503 }));
    sink.respond(SINKS.slow, (_request, index) =>
      index === 0 ? { status: 200, delayMs: 2000 } : { status: 200 },
    );
    sink.respond('/missing', () => ({ status: 404 }));
    sink.respond('/slow-test', () => ({ status: 200, delayMs: 2000 }));
    alerts = await startService('alerts', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ALERTS_DEBOUNCE_MS: '100',
      ALERTS_LEADER_CHECK_MS: '500',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_MAX_ATTEMPTS: '4',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      WEBHOOK_BACKOFF_MAX_MS: '1000',
      WEBHOOK_POLL_MS: '100',
      ...ALLOW_LOOPBACK_SINK,
    });
  });

  afterAll(async () => {
    await alerts?.stop();
    await sink?.stop();
    await database?.drop();
  });

  describe('configuration API', () => {
    it('needs the admin token', async () => {
      const anonymous = await fetch(`${alerts.url}/v1/webhooks`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      const wrong = await fetch(`${alerts.url}/v1/sites/x/target`, {
        headers: { authorization: 'Bearer not-the-admin-token-at-all' },
      });
      expect(wrong.status).toBe(401);
    });

    it('lists every invalid field of a target at once, in the shared error shape', async () => {
      const answer = await adminRequest(alerts.url, 'PUT', '/v1/sites/site-z/target', {
        weeklyTarget: -5,
        weekStartsOn: 'someday',
        shifts: { monday: [{ start: '6:00', end: '14:00' }] },
        colour: 'blue',
      });
      expect(answer).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          errors: [
            { path: 'colour', reason: 'property colour should not exist' },
            { path: 'weeklyTarget', reason: 'weeklyTarget must not be less than 1' },
            {
              path: 'weekStartsOn',
              reason:
                'weekStartsOn must be one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday',
            },
            { path: 'shifts.monday.0.start', reason: 'start must be a local time HH:MM from 00:00 to 23:59' },
          ],
        },
      });
      const calendar = await adminRequest(alerts.url, 'PUT', '/v1/sites/site-z/target', {
        timeZone: 'Europe/Atlantis',
        shifts: { friday: [{ start: '22:00', end: '06:00' }], saturday: [{ start: '05:00', end: '09:00' }] },
      });
      expect(calendar.body).toMatchObject({
        statusCode: 400,
        errors: [
          {
            path: 'timeZone',
            reason: 'timeZone must be an IANA time zone such as Europe/Berlin, not "Europe/Atlantis"',
          },
          { path: 'shifts.saturday.0', reason: 'overlaps shifts.friday.0' },
        ],
      });
    });

    it('serves the defaults for a site nobody configured, and rules with their overrides', async () => {
      const target = await adminRequest<{
        configured: boolean;
        weeklyTarget: number;
        currentWeek: { productionHours: { week: number } };
      }>(alerts.url, 'GET', '/v1/sites/site-unknown/target');
      expect(target.body).toMatchObject({
        configured: false,
        weeklyTarget: 1000,
        currentWeek: { productionHours: { week: 168 } },
      });
      const refused = await adminRequest(alerts.url, 'PUT', '/v1/sites/site-z/rules', {
        behindPlan: { tolerance: 0.05, hysteresis: 0.08 },
      });
      expect(refused.body).toMatchObject({
        statusCode: 400,
        errors: [
          { path: 'behindPlan.hysteresis', reason: 'hysteresis (0.08) must not exceed tolerance (0.05)' },
        ],
      });
      const stored = await adminRequest<{
        rules: { behindPlan: { tolerance: number; graceMinutes: number } };
        overrides: unknown;
      }>(alerts.url, 'PUT', '/v1/sites/site-z/rules', { behindPlan: { tolerance: 0.1 } });
      expect(stored.body.overrides).toEqual({ behindPlan: { tolerance: 0.1 } });
      expect(stored.body.rules.behindPlan).toMatchObject({ tolerance: 0.1, graceMinutes: 30 });
    });

    it('validates webhooks, never shows their secrets, and deletes them', async () => {
      const invalid = await adminRequest(alerts.url, 'POST', '/v1/webhooks', {
        url: 'ftp://example.com/x',
        kind: 'pager',
      });
      expect(invalid.body).toMatchObject({
        statusCode: 400,
        errors: [
          { path: 'url', reason: 'url must use http or https' },
          { path: 'kind', reason: 'kind must be one of: slack, teams, google_chat, generic' },
        ],
      });
      const unsigned = await adminRequest(alerts.url, 'POST', '/v1/webhooks', {
        url: sink.url('/x'),
        kind: 'generic',
      });
      expect(unsigned.body).toMatchObject({
        errors: [
          {
            path: 'secret',
            reason: 'secret must be 16 to 512 characters: the generic kind signs every body with it',
          },
        ],
      });
      const credentials = await adminRequest(alerts.url, 'POST', '/v1/webhooks', {
        url: 'https://user:pw@example.com/hook',
        kind: 'slack',
      });
      expect(credentials.body).toMatchObject({
        errors: [{ path: 'url', reason: 'url must not contain a user name or password' }],
      });

      const created = await adminRequest<{ id: string; url: string; hasSecret: boolean }>(
        alerts.url,
        'POST',
        '/v1/webhooks',
        {
          url: 'https://hooks.slack.example/services/T1/B2/very-secret',
          kind: 'slack',
          siteIds: ['site-nowhere'],
        },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        url: 'https://hooks.slack.example/services/***',
        hasSecret: false,
      });
      expect((await adminRequest(alerts.url, 'DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(204);
      expect((await adminRequest(alerts.url, 'GET', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
      expect((await adminRequest(alerts.url, 'DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
      expect((await adminRequest(alerts.url, 'GET', '/v1/webhooks/not-a-uuid')).status).toBe(400);
      const listed = await adminRequest<{ items: { id: string }[] }>(alerts.url, 'GET', '/v1/webhooks');
      expect(listed.body.items.map((webhook) => webhook.id)).not.toContain(created.body.id);
      expect(alerts.logs.join('\n')).not.toContain('very-secret');

      // Both changes are in the audit log, by the bootstrap admin, with the secret-free view.
      const audit = await database.query<{
        action: string;
        actor_id: string;
        before: unknown;
        after: unknown;
      }>(`SELECT action, actor_id, before, after FROM audit_entry WHERE subject_id = $1 ORDER BY id`, [
        created.body.id,
      ]);
      expect(audit.map((entry) => [entry.action, entry.actor_id])).toEqual([
        ['webhook.create', 'admin-token'],
        ['webhook.delete', 'admin-token'],
      ]);
      expect(JSON.stringify(audit)).not.toContain('very-secret');
    });

    it('refuses loopback, private, link-local and metadata destinations in every spelling', async () => {
      const refusals: [string, string][] = [
        ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
        ['http://2852039166/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
        ['http://[fd00:ec2::254]/latest/', 'fd00:ec2::254 is a cloud metadata address'],
        [
          'http://metadata.google.internal/computeMetadata/v1/',
          'metadata.google.internal is a cloud metadata host',
        ],
        ['http://0x7f.0.0.2/hook', '127.0.0.2 is a loopback address'],
        ['http://0177.0.0.2/hook', '127.0.0.2 is a loopback address'],
        ['http://localhost/hook', 'localhost is a loopback name'],
        ['http://[::1]/hook', '::1 is a loopback address'],
        ['http://[::ffff:10.0.0.1]/hook', '10.0.0.1 is a private address'],
        ['http://192.168.1.20/hook', '192.168.1.20 is a private address'],
        ['http://100.64.1.1/hook', '100.64.1.1 is a shared (CGNAT) address'],
        ['http://[fe80::1]/hook', 'fe80::1 is a link-local address'],
        ['http://0.0.0.0/hook', '0.0.0.0 is an unspecified address'],
      ];
      for (const [url, why] of refusals) {
        const answer = await adminRequest(alerts.url, 'POST', '/v1/webhooks', { url, kind: 'slack' });
        expect({ url, ...answer }).toEqual({
          url,
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Validation failed',
            errors: [
              {
                path: 'url',
                reason: `url is not an allowed destination: ${why}; list it in WEBHOOK_ALLOW_HOSTS to allow it`,
              },
            ],
          },
        });
      }
      // This service allows 127.0.0.1 (the sink), in any spelling, and nothing else on loopback.
      const allowed = await adminRequest<{ id: string }>(alerts.url, 'POST', '/v1/webhooks', {
        url: sink.url('/allowed').replace('127.0.0.1', '2130706433'),
        kind: 'slack',
        siteIds: ['site-nowhere'],
      });
      expect(allowed.status).toBe(201);
      expect((await adminRequest(alerts.url, 'DELETE', `/v1/webhooks/${allowed.body.id}`)).status).toBe(204);
    });

    it('audits target and rule changes with what they were before', async () => {
      const site = 'site-audited';
      for (const weeklyTarget of [900, 950]) {
        expect(
          (await adminRequest(alerts.url, 'PUT', `/v1/sites/${site}/target`, { weeklyTarget })).status,
        ).toBe(200);
      }
      expect(
        (
          await adminRequest(alerts.url, 'PUT', `/v1/sites/${site}/rules`, {
            behindPlan: { graceMinutes: 45 },
          })
        ).status,
      ).toBe(200);
      const audit = await database.query<{
        action: string;
        before: { weeklyTarget?: number } | null;
        after: { weeklyTarget?: number };
      }>(`SELECT action, before, after FROM audit_entry WHERE subject_id = $1 ORDER BY id`, [site]);
      expect(audit.map((entry) => entry.action)).toEqual(['target.put', 'target.put', 'rules.put']);
      expect(audit[0].before).toBeNull();
      expect(audit[1].before?.weeklyTarget).toBe(900);
      expect(audit[1].after.weeklyTarget).toBe(950);
    });
  });

  describe('delivery', () => {
    beforeAll(async () => {
      for (const name of Object.keys(SINKS) as SinkName[]) {
        const created = await adminRequest<{ id: string }>(alerts.url, 'POST', '/v1/webhooks', {
          kind: 'slack',
          url: sink.url(SINKS[name]),
          siteIds: [SITE],
        });
        webhookIds[name] = created.body.id;
      }
      await adminRequest(alerts.url, 'PUT', `/v1/sites/${SITE}/rules`, BEHIND_PLAN_ONLY);
      await adminRequest(alerts.url, 'PUT', `/v1/sites/${SITE}/target`, {
        weekStartsOn: weekStartedDaysAgo(3),
      });
    });

    it('retries a 500 and delivers exactly once', async () => {
      await expectEventually(async () =>
        expect(await deliveries('flaky')).toMatchObject([
          { type: 'alert.firing', status: 'delivered', attempts: 2, lastStatusCode: 200 },
        ]),
      );
      expect(sink.received(SINKS.flaky).map((request) => request.status)).toEqual([500, 200]);
    });

    it('waits as long as a 429’s Retry-After asks', async () => {
      await expectEventually(async () =>
        expect(await deliveries('limited')).toMatchObject([{ status: 'delivered', attempts: 2 }]),
      );
      const [first, second] = sink.received(SINKS.limited);
      expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1000);
    });

    it('does not retry other 4xx', async () => {
      await expectEventually(async () =>
        expect(await deliveries('rejecting')).toMatchObject([
          { status: 'failed', attempts: 1, lastStatusCode: 400, lastError: 'HTTP 400; not retried' },
        ]),
      );
      expect(sink.received(SINKS.rejecting)).toHaveLength(1);
    });

    it('gives up after the attempt limit and shows the delivery as failed', async () => {
      await expectEventually(async () =>
        expect(await deliveries('down')).toMatchObject([
          {
            status: 'failed',
            attempts: 4,
            lastStatusCode: 503,
            lastError: 'HTTP 503; gave up after 4 attempts',
          },
        ]),
      );
      expect(sink.received(SINKS.down).map((request) => request.status)).toEqual([503, 503, 503, 503]);
    });

    it('retries after a timeout', async () => {
      await expectEventually(async () =>
        expect(await deliveries('slow')).toMatchObject([{ status: 'delivered', attempts: 2 }]),
      );
      expect(sink.received(SINKS.slow)).toHaveLength(2);
    });

    it('checks the destination again at delivery, and sends nothing where it is refused', async () => {
      // A webhook registered before the rule existed (or whose allowance was since withdrawn).
      const created = await adminRequest<{ id: string }>(alerts.url, 'POST', '/v1/webhooks', {
        kind: 'slack',
        url: sink.url('/withdrawn'),
        siteIds: ['site-nowhere'],
      });
      await database.query(`UPDATE webhook SET url = $2 WHERE id = $1`, [
        created.body.id,
        sink.url('/withdrawn').replace('127.0.0.1', '0x7f.0.0.2'),
      ]);
      const answer = await adminRequest<DeliveryBody>(
        alerts.url,
        'POST',
        `/v1/webhooks/${created.body.id}/test`,
      );
      expect(answer.body).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastStatusCode: null,
        lastError:
          'destination refused: 127.0.0.2 is a loopback address; list it in WEBHOOK_ALLOW_HOSTS to allow it; not retried',
      });
      expect(sink.received('/withdrawn')).toEqual([]);
    });

    it('answers a test with a fixed category, never the target’s own error text or body', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const outcomes: Record<string, string | null> = {};
      for (const [name, url] of [
        ['closed port', `http://127.0.0.1:${closedPort}/hook`],
        ['missing path', sink.url('/missing')],
        ['slow answer', sink.url('/slow-test')],
      ]) {
        const created = await adminRequest<{ id: string }>(alerts.url, 'POST', '/v1/webhooks', {
          kind: 'slack',
          url,
          siteIds: ['site-nowhere'],
        });
        const tested = await adminRequest<DeliveryBody>(
          alerts.url,
          'POST',
          `/v1/webhooks/${created.body.id}/test`,
        );
        outcomes[name] = tested.body.lastError;
        expect(JSON.stringify(tested.body)).not.toMatch(/ECONN|ENOTFOUND|EAI_|socket|127\.0\.0\.1/);
      }
      expect(outcomes).toEqual({
        'closed port': 'request failed: could not connect',
        'missing path': 'HTTP 404; not retried',
        'slow answer': 'no response within 500 ms',
      });
    });

    it('sends a test message on request and says how it went', async () => {
      const delivered = await adminRequest<DeliveryBody>(
        alerts.url,
        'POST',
        `/v1/webhooks/${webhookIds.flaky}/test`,
      );
      expect(delivered).toMatchObject({
        status: 200,
        body: { type: 'webhook.test', status: 'delivered', attempts: 1, lastStatusCode: 200 },
      });
      expect(JSON.parse(sink.received(SINKS.flaky).at(-1)!.body).text).toContain(
        'Test message from the rack line tracker',
      );
      const refused = await adminRequest<DeliveryBody>(
        alerts.url,
        'POST',
        `/v1/webhooks/${webhookIds.rejecting}/test`,
      );
      expect(refused.body).toMatchObject({ type: 'webhook.test', status: 'failed', lastStatusCode: 400 });
    });
  });
});
