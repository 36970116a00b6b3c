import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import {
  adminRequest,
  BEHIND_PLAN_ONLY,
  counterTotal,
  publishTransition,
  seedShippedRacks,
  weekStartedDaysAgo,
} from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const SITE = 'site-a';
const SECRET = 'generic-signing-secret-0123456789';
const KINDS = ['slack', 'teams', 'google_chat', 'generic'] as const;
const PATHS = {
  slack: '/slack/services/T0/B0/xyz',
  teams: '/teams/workflow',
  google_chat: '/chat/v1/spaces/AAA/messages?key=k&token=t',
  generic: '/generic',
};

interface AlertListBody {
  items: {
    id: string;
    rule: string;
    siteId: string;
    status: string;
    history: { kind: string; deliveries: { status: string }[] }[];
  }[];
}

// Two alerts instances share one database: the leader lock must keep them from announcing anything twice.
describe('alerts: a line behind plan, announced once to every chat, and its recovery', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let sink: WebhookSink;
  let alerts: RunningService[] = [];
  let api: RunningService;

  const bodies = (kind: (typeof KINDS)[number]) =>
    sink.received(PATHS[kind]).map((request) => JSON.parse(request.body) as Record<string, unknown>);

  beforeAll(async () => {
    [database, topicPrefix, sink] = await Promise.all([
      createTestDatabase('alerts'),
      createTestTopics(),
      new WebhookSink().start(),
    ]);
    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ALERTS_DEBOUNCE_MS: '200',
      ALERTS_LEADER_CHECK_MS: '500',
      DASHBOARD_URL: 'http://dashboard.test/',
      ...ALLOW_LOOPBACK_SINK,
    };
    alerts = await Promise.all([startService('alerts', env), startService('alerts', env)]);
    api = await startService('api', { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: topicPrefix });
  });

  afterAll(async () => {
    await Promise.all([...alerts.map((service) => service.stop()), api?.stop()]);
    await sink?.stop();
    await database?.drop();
  });

  it('fires one alert per webhook, in each platform’s format, when the line is behind plan', async () => {
    for (const kind of KINDS) {
      const created = await adminRequest<{ id: string; url: string; hasSecret: boolean }>(
        alerts[0].url,
        'POST',
        '/v1/webhooks',
        {
          kind,
          url: sink.url(PATHS[kind]),
          siteIds: [SITE],
          ...(kind === 'generic' ? { secret: SECRET } : {}),
        },
      );
      expect(created.status).toBe(201);
      // Neither the chat URL's credentials nor the secret ever come back.
      expect(created.body.url).not.toContain('xyz');
      expect(created.body.url).not.toContain('token');
      expect(JSON.stringify(created.body)).not.toContain(SECRET);
    }
    expect(
      (await adminRequest(alerts[1].url, 'PUT', `/v1/sites/${SITE}/rules`, BEHIND_PLAN_ONLY)).status,
    ).toBe(200);
    // Through the other instance: whichever leads hears of it.
    const target = await adminRequest<{ currentWeek: { expectedByNow: number; actual: number } }>(
      alerts[1].url,
      'PUT',
      `/v1/sites/${SITE}/target`,
      {
        weeklyTarget: 1000,
        timeZone: 'UTC',
        weekStartsOn: weekStartedDaysAgo(3),
      },
    );
    expect(target.status).toBe(200);
    expect(target.body.currentWeek.expectedByNow).toBeGreaterThan(428);
    expect(target.body.currentWeek.actual).toBe(0);

    await expectEventually(() => {
      for (const kind of KINDS) expect(sink.received(PATHS[kind])).toHaveLength(1);
    });

    const [slack] = bodies('slack');
    expect(slack.text).toEqual(expect.stringContaining('Behind plan at site-a'));
    expect((slack.blocks as { type: string }[]).map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
      'context',
    ]);
    const [teams] = bodies('teams') as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: { text?: string }[] } }[];
    }[];
    expect(teams.type).toBe('message');
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].content.type).toBe('AdaptiveCard');
    expect(teams.attachments[0].content.body[1].text).toMatch(
      /^0 racks completed this week against \d+ expected by now: \d+ behind plan \(100\.0%\)\.$/,
    );
    const [chat] = bodies('google_chat') as {
      text: string;
      cardsV2: { card: { header: { title: string } } }[];
    }[];
    expect(chat.text).toContain('Behind plan at site-a');
    expect(chat.cardsV2[0].card.header.title).toContain('Behind plan at site-a');

    // The generic kind is signed over the raw body, and its timestamp header is the body's own.
    const [generic] = sink.received(PATHS.generic);
    const parsed = JSON.parse(generic.body) as {
      type: string;
      timestamp: string;
      dashboardUrl: string;
      alert: { rule: string; siteId: string };
    };
    expect(generic.headers['x-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(generic.body).digest('hex')}`,
    );
    expect(generic.headers['x-timestamp']).toBe(String(Math.floor(Date.parse(parsed.timestamp) / 1000)));
    expect(generic.headers['x-event']).toBe('alert.firing');
    expect(parsed).toMatchObject({
      type: 'alert.firing',
      dashboardUrl: 'http://dashboard.test/?site=site-a',
      alert: { rule: 'behind_plan', siteId: SITE },
    });

    // The api shows it, with its history and where it went.
    await expectEventually(async () => {
      const list = await adminRequest<AlertListBody>(api.url, 'GET', `/v1/alerts?siteId=${SITE}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({ rule: 'behind_plan', status: 'firing' });
      expect(list.body.items[0].history.map((event) => event.kind)).toEqual(['firing']);
      expect(list.body.items[0].history[0].deliveries.map((delivery) => delivery.status)).toEqual([
        'delivered',
        'delivered',
        'delivered',
        'delivered',
      ]);
    });
  });

  it('sends exactly one resolved message per webhook when the line catches up, and nothing more', async () => {
    await seedShippedRacks(database, SITE, 700, 'RK-A');
    // A transition arriving is what makes the service look again (its schedule is a minute away).
    await publishTransition(topicPrefix, SITE, 'RK-A-000700');
    await expectEventually(() => {
      for (const kind of KINDS) expect(sink.received(PATHS[kind])).toHaveLength(2);
    });
    expect(sink.received(PATHS.generic)[1].headers['x-event']).toBe('alert.resolved');
    expect(String(bodies('slack')[1].text)).toContain('Resolved: Behind plan at site-a');

    // Further rounds announce nothing: wait for a completed round after one more transition, then count again.
    const urls = alerts.map((service) => service.url);
    const before = await counterTotal(urls, 'alerts_evaluations_total', 'outcome="completed"');
    await publishTransition(topicPrefix, SITE, 'RK-A-000701');
    await expectEventually(async () =>
      expect(await counterTotal(urls, 'alerts_evaluations_total', 'outcome="completed"')).toBeGreaterThan(
        before,
      ),
    );
    for (const kind of KINDS) expect(sink.received(PATHS[kind])).toHaveLength(2);

    const list = await adminRequest<AlertListBody>(
      api.url,
      'GET',
      `/v1/alerts?siteId=${SITE}&status=resolved`,
    );
    expect(
      list.body.items.map((alert) => [alert.rule, alert.status, alert.history.map((event) => event.kind)]),
    ).toEqual([['behind_plan', 'resolved', ['firing', 'resolved']]]);
    expect(await counterTotal(urls, 'alerts_leader', '')).toBe(1);

    // The api's list pages, filters strictly and answers for one alert.
    const page = await adminRequest<AlertListBody & { nextCursor: string | null }>(
      api.url,
      'GET',
      '/v1/alerts?limit=1',
    );
    expect(page.body).toMatchObject({ items: [{ rule: 'behind_plan' }], nextCursor: null });
    const one = await adminRequest<{ id: string; history: unknown[] }>(
      api.url,
      'GET',
      `/v1/alerts/${page.body.items[0].id}`,
    );
    expect(one.body.history).toHaveLength(2);
    expect((await adminRequest(api.url, 'GET', '/v1/alerts/987654')).status).toBe(404);
    const invalid = await adminRequest<{ errors: { path: string }[] }>(
      api.url,
      'GET',
      '/v1/alerts?status=sleeping&cursor=nope',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error) => error.path)).toEqual(['status', 'cursor']);

    // The bodies exactly as sent, for the record (test-results/ is not committed).
    const directory = resolve(import.meta.dirname, '../../test-results/webhook-examples');
    mkdirSync(directory, { recursive: true });
    for (const kind of KINDS) {
      sink
        .received(PATHS[kind])
        .forEach((request, index) =>
          writeFileSync(
            resolve(directory, `${kind}-${index === 0 ? 'firing' : 'resolved'}.json`),
            request.body,
          ),
        );
    }
  });
});
