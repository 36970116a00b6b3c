import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { jsonClient } from '../api/api-fixtures.js';
import { adminRequest, BEHIND_PLAN_ONLY, counterTotal, weekStartedDaysAgo } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const SITES = ['site-unwatched', 'site-watched'] as const;

interface Notice {
  type: string;
  title: string;
  summary: string;
  alert: { id: string; siteId: string; notification: string } | null;
}

interface AlertBody {
  id: string;
  siteId: string;
  status: string;
  acknowledgedBy: string | null;
  escalatesAt: string | null;
}

// Andon: a firing alert nobody on the floor takes within ALERT_ESCALATION_MINUTES is announced once more.
describe('alerts: an unacknowledged firing alert is escalated to chat once; an acknowledged one is not', () => {
  let database: TestDatabase;
  let sink: WebhookSink;
  let alerts: RunningService;
  let api: RunningService;

  const notices = () => sink.received('/generic').map((request) => JSON.parse(request.body) as Notice);
  const rounds = () => counterTotal([alerts.url], 'alerts_evaluations_total', 'outcome="completed"');

  beforeAll(async () => {
    let topicPrefix: string;
    [database, topicPrefix, sink] = await Promise.all([
      createTestDatabase('alerts_andon'),
      createTestTopics(),
      new WebhookSink().start(),
    ]);
    alerts = await startService('alerts', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ALERTS_DEBOUNCE_MS: '100',
      ALERTS_EVALUATION_INTERVAL_MS: '1000',
      ALERT_ESCALATION_MINUTES: '15',
      ...ALLOW_LOOPBACK_SINK,
    });
    api = await startService('api', { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: topicPrefix });
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), api?.stop()]);
    await sink?.stop();
    await database?.drop();
  });

  it('tells chat "unacknowledged for 15 min" once, and never for the alert someone acknowledged', async () => {
    const webhook = await adminRequest(alerts.url, 'POST', '/v1/webhooks', {
      kind: 'generic',
      url: sink.url('/generic'),
      secret: 'generic-signing-secret-0123456789',
    });
    expect(webhook.status).toBe(201);
    for (const site of SITES) {
      expect(
        (await adminRequest(alerts.url, 'PUT', `/v1/sites/${site}/rules`, BEHIND_PLAN_ONLY)).status,
      ).toBe(200);
      const target = await adminRequest(alerts.url, 'PUT', `/v1/sites/${site}/target`, {
        weeklyTarget: 1000,
        timeZone: 'UTC',
        weekStartsOn: weekStartedDaysAgo(3),
      });
      expect(target.status).toBe(200);
    }
    await expectEventually(() => {
      expect(
        notices()
          .map((notice) => `${notice.type} ${notice.alert?.siteId}`)
          .sort((a, b) => a.localeCompare(b)),
      ).toEqual(['alert.firing site-unwatched', 'alert.firing site-watched']);
    });
    const manager = jsonClient(api.url, ADMIN_TOKEN);
    const firing = (await manager.get<{ items: AlertBody[] }>('/v1/alerts?status=open')).body.items;
    const watched = firing.find((alert) => alert.siteId === 'site-watched')!;
    const unwatched = firing.find((alert) => alert.siteId === 'site-unwatched')!;
    expect(unwatched.escalatesAt).not.toBeNull();

    const taken = await manager.post<AlertBody>(`/v1/alerts/${watched.id}/acknowledge`, { by: 'Dana Ruiz' });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ acknowledgedBy: 'Dana Ruiz', escalatesAt: null });

    // Both alerts have been firing for 20 minutes: past the escalation time.
    await database.query(
      `UPDATE alert SET fired_at = fired_at - interval '20 minutes' WHERE status = 'firing'`,
    );
    await expectEventually(() => {
      expect(notices().filter((notice) => notice.type === 'alert.unacknowledged')).toHaveLength(1);
    });
    const [escalated] = notices().filter((notice) => notice.type === 'alert.unacknowledged');
    expect(escalated).toMatchObject({
      title: 'Unacknowledged for 15 min: Behind plan at site-unwatched',
      alert: { id: unwatched.id, siteId: 'site-unwatched', notification: 'unacknowledged' },
    });
    expect(escalated!.summary).toContain('Nobody has acknowledged this alert for 15 minutes');

    // Three more rounds: still one escalation, and none for the acknowledged alert.
    const after = await rounds();
    await expectEventually(async () => expect(await rounds()).toBeGreaterThanOrEqual(after + 3));
    expect(notices().filter((notice) => notice.type === 'alert.unacknowledged')).toHaveLength(1);
    const history = (await manager.get<{ history: { kind: string }[] }>(`/v1/alerts/${unwatched.id}`)).body;
    expect(history.history.map((event) => event.kind)).toEqual(['firing', 'unacknowledged']);
  });
});
