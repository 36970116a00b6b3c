import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOPICS } from '#contracts';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import {
  createTestDatabase,
  createTestTopics,
  testKafka,
  uniqueName,
  type TestDatabase,
} from '../support/stack.js';
import { adminRequest, counterTotal } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const SECRET = 'generic-signing-secret-0123456789';
const PATHS = { slack: '/slack/stall', generic: '/generic/stall' };
/** Behind its watermark, last advanced an hour ago. */
const BEHIND = 5;
/** Messages waiting, never applied at all (no consumer_offset row). */
const NEVER_APPLIED = 2;

interface GenericBody {
  type: string;
  title: string;
  summary: string;
  alert: {
    rule: string;
    siteId: string | null;
    subject: string;
    detail: { partition: number; offset: string; lag: string } | null;
    figures: { partition: number; nextOffset: string; highWatermark: string };
  };
}

const byPartition = (a: { subject: string }, b: { subject: string }) => Number(a.subject) - Number(b.subject);

interface AlertListBody {
  items: {
    rule: string;
    siteId: string | null;
    subject: string;
    status: string;
    history: { kind: string }[];
  }[];
}

// No tracker runs at all: the alerts service must notice on its own that station-events is not being applied.
describe('alerts: a stalled station-events partition is announced to chat, and so is its recovery', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let topic: string;
  let sink: WebhookSink;
  let alerts: RunningService;
  let api: RunningService;
  const consumerGroup = uniqueName('stall-group');

  const generic = () =>
    sink.received(PATHS.generic).map((request) => JSON.parse(request.body) as GenericBody);
  const aboutPartition = (partition: number, type: string) =>
    generic().filter((body) => body.alert.subject === String(partition) && body.type === type);

  beforeAll(async () => {
    [database, topicPrefix, sink] = await Promise.all([
      createTestDatabase('stall'),
      createTestTopics(),
      new WebhookSink().start(),
    ]);
    topic = `${topicPrefix}${TOPICS.stationEvents.name}`;
    alerts = await startService('alerts', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      TRACKER_CONSUMER_GROUP: consumerGroup,
      TRACKER_STALL_SECONDS: '2',
      TRACKER_PROGRESS_POLL_MS: '200',
      ALERTS_LEADER_CHECK_MS: '500',
      DASHBOARD_URL: 'http://dashboard.test/',
      ...ALLOW_LOOPBACK_SINK,
    });
    api = await startService('api', { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: topicPrefix });
    for (const [kind, path] of Object.entries(PATHS)) {
      const created = await adminRequest(alerts.url, 'POST', '/v1/webhooks', {
        kind,
        url: sink.url(path),
        // Limited to one site, yet a stalled partition concerns every site: it must hear it.
        ...(kind === 'generic' ? { secret: SECRET, siteIds: ['site-a'] } : {}),
      });
      if (created.status !== 201) throw new Error(`cannot register the ${kind} webhook: ${created.status}`);
    }
    // The chats are listening before anything is stuck.
    // Offset 0 applied an hour ago; 1 and 2 (produced next) wait.
    await database.query(
      `INSERT INTO consumer_offset (consumer_group, topic, partition, next_offset, updated_at)
       VALUES ($1, $2, $3, 1, now() - interval '1 hour')`,
      [consumerGroup, topic, BEHIND],
    );
    const producer = testKafka().producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          ...[0, 1, 2].map((n) => ({ partition: BEHIND, value: `{"n":${n}}` })),
          ...[0, 1].map((n) => ({ partition: NEVER_APPLIED, value: `{"n":${n}}` })),
        ],
      });
    } finally {
      await producer.disconnect();
    }
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), api?.stop()]);
    await sink?.stop();
    await database?.drop();
  });

  it('names the partition and the offset it is stuck at, once per chat, for a partition behind and one never applied', async () => {
    await expectEventually(
      () => {
        expect(aboutPartition(BEHIND, 'alert.firing')).toHaveLength(1);
        expect(aboutPartition(NEVER_APPLIED, 'alert.firing')).toHaveLength(1);
        expect(sink.received(PATHS.slack)).toHaveLength(2);
      },
      { timeoutMs: 30_000 },
    );
    const [behind] = aboutPartition(BEHIND, 'alert.firing');
    expect(behind.title).toBe(`Tracker stalled on partition ${BEHIND} at offset 1`);
    expect(behind.summary).toMatch(
      new RegExp(
        `^Tracker stalled on partition ${BEHIND} at offset 1 \\(2 waiting, no progress for \\d+ s\\)\\.`,
      ),
    );
    expect(behind.alert).toMatchObject({
      rule: 'tracker_stalled',
      siteId: null,
      subject: String(BEHIND),
      detail: { partition: BEHIND, offset: '1', lag: '2' },
      figures: { partition: BEHIND, nextOffset: '1', highWatermark: '3' },
    });
    const [never] = aboutPartition(NEVER_APPLIED, 'alert.firing');
    expect(never.title).toBe(`Tracker stalled on partition ${NEVER_APPLIED} at offset 0`);
    expect(never.alert.detail).toMatchObject({ offset: '0', lag: '2' });
    const slackTexts = sink
      .received(PATHS.slack)
      .map((request) => (JSON.parse(request.body) as { text: string }).text);
    expect(slackTexts).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Tracker stalled on partition ${BEHIND} at offset 1`),
        expect.stringContaining(`Tracker stalled on partition ${NEVER_APPLIED} at offset 0`),
      ]),
    );
    expect(await counterTotal([alerts.url], 'alerts_tracker_partition_lag', `partition="${BEHIND}"`)).toBe(2);
    const metrics = await (await fetch(`${alerts.url}/metrics`)).text();
    expect(metrics).toMatch(/^alerts_tracker_partitions_stalled\{[^}]*\} 2$/m);

    const list = await adminRequest<AlertListBody>(
      api.url,
      'GET',
      '/v1/alerts?rule=tracker_stalled&status=open',
    );
    expect(list.status).toBe(200);
    expect(
      list.body.items.toSorted(byPartition).map((alert) => [alert.subject, alert.siteId, alert.status]),
    ).toEqual([
      [String(NEVER_APPLIED), null, 'firing'],
      [String(BEHIND), null, 'firing'],
    ]);
  });

  it('announces the recovery once the tracker reaches the watermark, and nothing for the partition still stuck', async () => {
    await database.query(
      `UPDATE consumer_offset SET next_offset = 3, updated_at = now()
        WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
      [consumerGroup, topic, BEHIND],
    );
    await expectEventually(() => {
      expect(aboutPartition(BEHIND, 'alert.resolved')).toHaveLength(1);
      expect(sink.received(PATHS.slack)).toHaveLength(3);
    });
    const [resolved] = aboutPartition(BEHIND, 'alert.resolved');
    expect(resolved.title).toBe(`Resolved: Tracker stalled on partition ${BEHIND} at offset 1`);
    expect(resolved.summary).toBe(
      `Partition ${BEHIND} is moving again: the tracker is at offset 3 with 0 waiting.`,
    );
    expect(resolved.alert.figures).toMatchObject({ nextOffset: '3', highWatermark: '3' });
    expect((JSON.parse(sink.received(PATHS.slack)[2].body) as { text: string }).text).toContain(
      `Resolved: Tracker stalled on partition ${BEHIND} at offset 1`,
    );

    // Wait for more completed watch rounds, then count again: nothing more was said about either partition.
    const before = await counterTotal(
      [alerts.url],
      'alerts_tracker_watch_rounds_total',
      'outcome="completed"',
    );
    await expectEventually(async () =>
      expect(
        await counterTotal([alerts.url], 'alerts_tracker_watch_rounds_total', 'outcome="completed"'),
      ).toBeGreaterThan(before + 2),
    );
    expect(aboutPartition(BEHIND, 'alert.firing')).toHaveLength(1);
    expect(aboutPartition(NEVER_APPLIED, 'alert.firing')).toHaveLength(1);
    expect(aboutPartition(NEVER_APPLIED, 'alert.resolved')).toHaveLength(0);
    expect(sink.received(PATHS.generic)).toHaveLength(3);

    const list = await adminRequest<AlertListBody>(api.url, 'GET', '/v1/alerts?rule=tracker_stalled');
    expect(
      list.body.items
        .toSorted(byPartition)
        .map((alert) => [alert.subject, alert.status, alert.history.map((event) => event.kind)]),
    ).toEqual([
      [String(NEVER_APPLIED), 'firing', ['firing']],
      [String(BEHIND), 'resolved', ['firing', 'resolved']],
    ]);
  });
});
