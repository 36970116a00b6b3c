import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOPICS, type DeadLetterMessage, type StationEventMessage } from '#contracts';
import { collectDeadLetters } from '#testing';
import { expectEventually } from '../support/expect-eventually.js';
import {
  appliedCount,
  databaseSnapshot,
  produceStationMessages,
  referenceReplay,
} from '../support/pipeline.js';
import { generateLineMessages, stationFor } from '../support/line-events.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';

function message(
  rackSerial: string,
  stage: string,
  type: StationEventMessage['event']['type'],
  at: number,
  extra: Partial<StationEventMessage['event']> = {},
): StationEventMessage {
  const role = ['hold', 'release', 'scrap'].includes(type) ? 'supervisor' : 'station';
  return {
    schemaVersion: 1,
    event: {
      eventId: randomUUID(),
      rackSerial,
      stationId: stationFor(stage, role).stationId,
      stage,
      type,
      occurredAt: new Date(at).toISOString(),
      ...extra,
    },
    station: stationFor(stage, role),
    receivedAt: new Date(at + 10).toISOString(),
  };
}

describe('tracker: station-events -> per-rack state machine in PostgreSQL', () => {
  let database: TestDatabase;
  let prefix: string;
  let tracker: RunningService;

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('tracker'), createTestTopics()]);
    tracker = await startService('tracker', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    });
  });

  afterAll(async () => {
    await tracker?.stop();
    await database?.drop();
  });

  it('walks a rack through the default route to shipped and announces each transition once', async () => {
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    const stages = ['assembly', 'burn_in', 'qa', 'ship'];
    const walk = stages.flatMap((stage, index) => [
      message('RK-WALK-1', stage, 'started', t0 + index * 2000),
      message('RK-WALK-1', stage, 'passed', t0 + index * 2000 + 1000),
    ]);
    const consumer = testKafka().consumer({ groupId: `probe-${randomUUID()}` });
    const announced: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}${TOPICS.rackTransitions.name}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message: m }) => void announced.push(JSON.parse(m.value!.toString()).eventId),
    });
    try {
      await produceStationMessages(prefix, walk);
      await expectEventually(async () => {
        const [rack] = await database.query<{ stage: string; status: string; completed_at: Date | null }>(
          `SELECT stage, status, completed_at FROM rack WHERE serial = 'RK-WALK-1'`,
        );
        expect(rack).toMatchObject({ stage: 'ship', status: 'shipped' });
        expect(rack.completed_at?.toISOString()).toBe(walk[7].event.occurredAt);
      });
      const history = await database.query<{ event_id: string; to_status: string }>(
        `SELECT event_id, to_status FROM rack_transition WHERE rack_serial = 'RK-WALK-1' ORDER BY id`,
      );
      expect(history.map((row) => row.event_id)).toEqual(walk.map((m) => m.event.eventId));
      await expectEventually(() =>
        expect([...announced].sort()).toEqual(walk.map((m) => m.event.eventId).sort()),
      );
      const [{ count }] = await database.query<{ count: string }>('SELECT count(*) FROM outbox_message');
      expect(Number(count)).toBe(0);
    } finally {
      await consumer.disconnect();
    }
  });

  it('applies a re-posted event once and refuses a different event reusing its id', async () => {
    const t0 = Date.parse('2026-11-20T09:00:00Z');
    const started = message('RK-DUP-1', 'assembly', 'started', t0);
    const reused = message('RK-DUP-1', 'assembly', 'failed', t0 + 1000, { eventId: started.event.eventId });
    const shouted = {
      ...started,
      event: Object.assign({}, started.event, { eventId: started.event.eventId.toUpperCase() }),
    };
    await produceStationMessages(prefix, [started, started, shouted, reused]);
    await expectEventually(async () => {
      const rejections = await database.query<{ reason: string; event_id: string }>(
        `SELECT reason, event_id FROM rejection WHERE rack_serial = 'RK-DUP-1'`,
      );
      expect(rejections).toEqual([{ reason: 'duplicate', event_id: started.event.eventId }]);
    });
    const history = await database.query(`SELECT 1 FROM rack_transition WHERE rack_serial = 'RK-DUP-1'`);
    expect(history).toHaveLength(1);
    const [rack] = await database.query<{ status: string }>(
      `SELECT status FROM rack WHERE serial = 'RK-DUP-1'`,
    );
    expect(rack.status).toBe('in_progress');
  });

  it('runs the rework loop and hold/release, and records an illegal transition without touching the rack', async () => {
    const t0 = Date.parse('2026-11-20T10:00:00Z');
    const s = 'RK-LOOP-1';
    const sequence = [
      message(s, 'assembly', 'started', t0),
      message(s, 'assembly', 'passed', t0 + 1000),
      message(s, 'burn_in', 'started', t0 + 2000),
      message(s, 'burn_in', 'failed', t0 + 3000),
      message(s, 'burn_in', 'rework_started', t0 + 4000),
      message(s, 'burn_in', 'rework_completed', t0 + 5000),
      message(s, 'burn_in', 'started', t0 + 6000),
      message(s, 'burn_in', 'hold', t0 + 7000),
      message(s, 'qa', 'passed', t0 + 7500), // illegal: the rack is on hold at burn_in
      message(s, 'burn_in', 'release', t0 + 8000),
      message(s, 'burn_in', 'passed', t0 + 9000),
    ];
    const deadLetters: DeadLetterMessage[] = [];
    const dlq = await collectDeadLetters(testKafka(), prefix, deadLetters);
    try {
      await produceStationMessages(prefix, sequence);
      await expectEventually(async () => {
        const [rack] = await database.query<{
          stage: string;
          status: string;
          rework_count: number;
          failure_count: number;
          held_stage: string | null;
        }>(`SELECT stage, status, rework_count, failure_count, held_stage FROM rack WHERE serial = $1`, [s]);
        expect(rack).toEqual({
          stage: 'burn_in',
          status: 'passed',
          rework_count: 1,
          failure_count: 1,
          held_stage: null,
        });
      });
      const [rejection] = await database.query<{ reason: string; detail: string; event_id: string }>(
        `SELECT reason, detail, event_id FROM rejection WHERE rack_serial = $1`,
        [s],
      );
      expect(rejection).toMatchObject({ reason: 'illegal_transition', event_id: sequence[8].event.eventId });
      expect(rejection.detail).toContain('on_hold');
      await expectEventually(() =>
        expect(deadLetters).toContainEqual(
          expect.objectContaining({ reason: 'illegal_transition', eventId: sequence[8].event.eventId }),
        ),
      );
    } finally {
      await dlq.disconnect();
    }
  });

  it('records a message that breaks the contract as malformed instead of crashing or skipping it', async () => {
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${TOPICS.stationEvents.name}`,
      messages: [
        { key: 'RK-BAD-1', value: '{not json' },
        {
          key: 'RK-BAD-2',
          value: JSON.stringify({
            schemaVersion: 1,
            station: stationFor('qa'),
            receivedAt: new Date().toISOString(),
            event: { rackSerial: 'RK-BAD-2', eventId: 'nope' },
          }),
        },
        // PostgreSQL cannot store U+0000: refused and recorded, never a batch that fails on every retry.
        {
          key: 'RK-BAD-3',
          value: JSON.stringify(
            message('RK-BAD-3', 'assembly', 'started', Date.now(), { details: { note: 'a\u0000b' } }),
          ),
        },
      ],
    });
    await producer.disconnect();
    await expectEventually(async () => {
      const rows = await database.query<{ rack_serial: string; reason: string; detail: string }>(
        `SELECT rack_serial, reason, detail FROM rejection WHERE rack_serial IN ('RK-BAD-1', 'RK-BAD-2', 'RK-BAD-3') ORDER BY rack_serial`,
      );
      expect(rows.map((row) => [row.rack_serial, row.reason])).toEqual([
        ['RK-BAD-1', 'malformed'],
        ['RK-BAD-2', 'malformed'],
        ['RK-BAD-3', 'malformed'],
      ]);
      expect(rows[1].detail).toContain('eventId');
    });
  });

  it('ends, for a whole interleaved line, exactly where a reference replay of the produced events ends', async () => {
    const messages = generateLineMessages({ racks: 150, seed: 7, serialPrefix: 'RK-LINE' });
    await produceStationMessages(prefix, messages);
    const expected = referenceReplay(messages);
    await expectEventually(
      async () => {
        const snapshot = await databaseSnapshot(database);
        const line = {
          racks: snapshot.racks.filter((rack) => rack.serial.startsWith('RK-LINE')),
          rejections: snapshot.rejections.filter((key) => expected.rejections.includes(key)),
        };
        expect(line).toEqual(expected);
      },
      { timeoutMs: 60000, intervalMs: 500 },
    );
    expect(await appliedCount(database)).toBeGreaterThanOrEqual(messages.length);
  });
});
