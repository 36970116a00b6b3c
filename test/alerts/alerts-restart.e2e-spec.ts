import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { adminRequest, BEHIND_PLAN_ONLY, counterTotal, weekStartedDaysAgo } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const SITE = 'site-c';
const PATH = '/outage';

interface DeliveryBody {
  status: string;
  attempts: number;
  lastStatusCode: number | null;
}

describe('alerts: a crash in the middle of retrying loses nothing and repeats nothing', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let sink: WebhookSink;
  let alerts: RunningService;
  let chatIsUp = false;
  let webhookId: string;

  // Backoff long enough (0.75-1.5 s) that the crash lands between attempts, not during one.
  const start = () =>
    startService('alerts', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ALERTS_DEBOUNCE_MS: '100',
      ALERTS_LEADER_CHECK_MS: '500',
      WEBHOOK_BACKOFF_BASE_MS: '1500',
      WEBHOOK_POLL_MS: '100',
      ...ALLOW_LOOPBACK_SINK,
    });
  const deliveries = async () =>
    (await adminRequest<{ items: DeliveryBody[] }>(alerts.url, 'GET', `/v1/webhooks/${webhookId}/deliveries`))
      .body.items;

  beforeAll(async () => {
    [database, topicPrefix, sink] = await Promise.all([
      createTestDatabase('alerts_restart'),
      createTestTopics(),
      new WebhookSink().start(),
    ]);
    sink.respond(PATH, () => ({ status: chatIsUp ? 200 : 503 }));
    alerts = await start();
  });

  afterAll(async () => {
    await alerts?.stop();
    await sink?.stop();
    await database?.drop();
  });

  it('delivers the queued message once after a SIGKILL and restart', async () => {
    webhookId = (
      await adminRequest<{ id: string }>(alerts.url, 'POST', '/v1/webhooks', {
        kind: 'teams',
        url: sink.url(PATH),
        siteIds: [SITE],
      })
    ).body.id;
    await adminRequest(alerts.url, 'PUT', `/v1/sites/${SITE}/rules`, BEHIND_PLAN_ONLY);
    await adminRequest(alerts.url, 'PUT', `/v1/sites/${SITE}/target`, {
      weekStartsOn: weekStartedDaysAgo(3),
    });

    // The first attempt failed and its retry is scheduled: crash now.
    await expectEventually(
      async () =>
        expect(await deliveries()).toMatchObject([{ status: 'pending', attempts: 1, lastStatusCode: 503 }]),
      { intervalMs: 20 },
    );
    await alerts.kill();
    chatIsUp = true;

    alerts = await start();
    await expectEventually(async () =>
      expect(await deliveries()).toMatchObject([{ status: 'delivered', attempts: 2, lastStatusCode: 200 }]),
    );
    expect(sink.received(PATH).map((request) => request.status)).toEqual([503, 200]);
    // Both bodies are the one rendered when the alert fired.
    expect(sink.received(PATH)[1].body).toBe(sink.received(PATH)[0].body);

    // The restarted instance finds the alert already announced and does not announce it again.
    await expectEventually(async () =>
      expect(
        await counterTotal([alerts.url], 'alerts_evaluations_total', 'outcome="completed"'),
      ).toBeGreaterThan(0),
    );
    await adminRequest(alerts.url, 'PUT', `/v1/sites/${SITE}/target`, {
      weekStartsOn: weekStartedDaysAgo(3),
      weeklyTarget: 1001,
    });
    await expectEventually(async () =>
      expect(
        await counterTotal([alerts.url], 'alerts_evaluations_total', 'outcome="completed"'),
      ).toBeGreaterThan(1),
    );
    expect(sink.received(PATH)).toHaveLength(2);
  });
});
