import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import pg from 'pg';
import { TOPICS, type DeadLetterMessage } from '#contracts';
import { collectDeadLetters, produceRawStationMessages, readRackTransitions } from '#testing';
import { call } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { stationEventMessage } from '../support/line-events.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';

interface HealthView {
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

/**
 * What leaves the tracker must not stop unseen: a relay that cannot publish (here, a deployment missing its
 * dead-letter topic) or that an open transaction holds back turns readiness `degraded`, naming the topic and
 * why, while the partitions go on advancing; and `ok` again once it can publish.
 */
describe('tracker: a relay that cannot publish is a stall readiness names', () => {
  let database: TestDatabase;
  let prefix: string;
  let tracker: RunningService;
  let deadLetters: Consumer | undefined;
  const dead: DeadLetterMessage[] = [];

  const deadLetterTopic = () => `${prefix}${TOPICS.stationEventsDeadLetter.name}`;
  const health = async () => call<HealthView>(`${tracker.url}/health`);

  const produce = (messages: { key: string; value: string }[]) =>
    produceRawStationMessages(testKafka(), prefix, messages);

  async function applied(rackSerial: string): Promise<boolean> {
    return (await database.query(`SELECT 1 FROM rack WHERE serial = $1`, [rackSerial])).length === 1;
  }

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('relay_ready'), createTestTopics()]);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      // The deployment forgot the dead-letter topic (and the broker does not create topics on demand).
      await admin.deleteTopics({ topics: [deadLetterTopic()] });
    } finally {
      await admin.disconnect();
    }
    tracker = await startService('tracker', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
      TRACKER_STALL_SECONDS: '2',
      TRANSITION_RELAY_HOLD_WARN_SECONDS: '1',
    });
  });

  afterAll(async () => {
    await deadLetters?.disconnect();
    await tracker?.stop();
    await database?.drop();
  });

  it('says the dead-letter relay has failed every pass, while the line is applied, and recovers with the topic', async () => {
    await produce([
      { key: 'RK-NO-DLQ', value: 'not json at all' },
      { key: 'RK-NO-DLQ', value: JSON.stringify(stationEventMessage('RK-NO-DLQ', Date.now())) },
    ]);
    await expectEventually(async () => expect(await applied('RK-NO-DLQ')).toBe(true));

    const degraded = await expectEventually(
      async () => {
        const answer = await health();
        expect(answer.status).toBe(503);
        expect(answer.body.checks.deadLetterRelay).toMatchObject({ status: 'degraded' });
        return answer.body;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(degraded.status).toBe('degraded');
    expect(degraded.checks.deadLetterRelay!.error).toMatch(
      new RegExp(
        `^the ${deadLetterTopic().replaceAll('.', '\\.')} relay has failed every pass for \\d+ s: .+`,
      ),
    );
    // Kafka itself answers: the check that would have said something before says nothing wrong.
    expect(degraded.checks.kafka).toMatchObject({ status: 'up' });
    // And the dead letters' trouble is theirs alone: events applied meanwhile are still announced.
    expect(degraded.checks.transitionRelay).toMatchObject({ status: 'up' });
    await produce([
      { key: 'RK-MEANWHILE', value: JSON.stringify(stationEventMessage('RK-MEANWHILE', Date.now())) },
    ]);
    await expectEventually(async () =>
      expect((await readRackTransitions(testKafka(), prefix)).map(({ value }) => value.rackSerial)).toContain(
        'RK-MEANWHILE',
      ),
    );
    expect((await health()).body.checks.deadLetterRelay).toMatchObject({ status: 'degraded' });

    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: deadLetterTopic(), numPartitions: TOPICS.stationEventsDeadLetter.partitions }],
      });
    } finally {
      await admin.disconnect();
    }
    deadLetters = await collectDeadLetters(testKafka(), prefix, dead);
    await expectEventually(async () => expect((await health()).body.status).toBe('ok'), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    // At least once: the request that timed out still went out once the topic existed, and so did the retry.
    await expectEventually(() => expect(dead.length).toBeGreaterThan(0));
    expect(new Set(dead.map((letter) => `${letter.reason} ${letter.source.offset}`))).toEqual(
      new Set([`malformed ${dead[0]!.source.offset}`]),
    );
  });

  it('names the transaction that holds the rack-transitions relay back, and clears once it ends', async () => {
    await expectEventually(async () => expect((await health()).body.status).toBe('ok'));
    const holder = new pg.Client({ connectionString: database.url, application_name: 'forgotten-report' });
    await holder.connect();
    try {
      // A session that took a transaction id (as any write does) and was left open: every transition committed
      // after it waits behind it.
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_current_xact_id()`);
      await produce([{ key: 'RK-HELD', value: JSON.stringify(stationEventMessage('RK-HELD', Date.now())) }]);
      await expectEventually(async () => expect(await applied('RK-HELD')).toBe(true));
      const degraded = await expectEventually(
        async () => {
          const answer = await health();
          expect(answer.body.checks.transitionRelay).toMatchObject({ status: 'degraded' });
          return answer.body;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(degraded.checks.transitionRelay!.error).toMatch(
        /relay has been held back for \d+ s by pid \d+ \(forgotten-report, idle in transaction, open since /,
      );
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await expectEventually(async () => expect((await health()).body.status).toBe('ok'));
  });
});
