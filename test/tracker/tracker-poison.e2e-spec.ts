import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import pg from 'pg';
import type { DeadLetterMessage, StationEventMessage } from '#contracts';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { collectDeadLetters, produceRawStationMessages } from '#testing';
import { stationEventMessage, stationFor } from '../support/line-events.js';
import { startService, type RunningService } from '../support/service-process.js';
import {
  ADMIN_TOKEN,
  createTestDatabase,
  createTestTopics,
  testKafka,
  type TestDatabase,
} from '../support/stack.js';

interface RejectionView {
  eventId: string | null;
  rackSerial: string | null;
  reason: string;
  detail: string;
  event: unknown;
  rawBase64: string | null;
}

interface HealthView {
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

// A note the suite's database refuses (a CHECK constraint added below): a valid-shaped event that breaks a
// database rule, as a stricter schema or a new constraint in production would.
const REFUSED_NOTE = 'refused-by-check-constraint';

/**
 * Nothing a station or the broker can send may halt a partition. For each kind of poison: produce it (raw to
 * Kafka, and through ingest where ingest lets it pass), then a valid event for the same rack key, so both sit
 * on one partition in that order. The valid event must be applied, the poison must be in the rejections (with
 * its bytes when JSON cannot hold them) and the dead-letter topic, and readiness must stay or come back `ok`.
 */
describe('tracker: no input can stop a partition', () => {
  let database: TestDatabase;
  let prefix: string;
  const services: RunningService[] = [];
  let ingest: string;
  let api: string;
  let tracker: RunningService;
  let station: RegisteredStation;
  let deadLetters: Consumer;
  const dead: DeadLetterMessage[] = [];
  const recovery: Record<string, number> = {};
  let clock = Date.now() - 3_600_000;

  function envelope(
    rackSerial: string,
    extra: Partial<StationEventMessage['event']> = {},
  ): StationEventMessage {
    clock += 1000;
    return stationEventMessage(rackSerial, clock, extra);
  }

  const produceRaw = (messages: { key: string; value: Buffer | string }[]) =>
    produceRawStationMessages(testKafka(), prefix, messages);

  async function applied(rackSerial: string): Promise<boolean> {
    const rows = await database.query(`SELECT 1 FROM rack WHERE serial = $1`, [rackSerial]);
    return rows.length === 1;
  }

  async function rejectionsOf(rackSerial: string): Promise<RejectionView[]> {
    const answer = await call<{ items: RejectionView[] }>(
      `${api}/v1/rejections?rackSerial=${encodeURIComponent(rackSerial)}`,
      { token: ADMIN_TOKEN },
    );
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  async function health(): Promise<HealthView> {
    return (await call<HealthView>(`${tracker.url}/health`)).body;
  }

  /** Poison first, then a valid event for the same key; resolves once the valid one is applied. */
  async function poisonThenValid(kind: string, rackSerial: string, poison: Buffer | string): Promise<void> {
    const started = Date.now();
    await produceRaw([
      { key: rackSerial, value: poison },
      { key: rackSerial, value: JSON.stringify(envelope(rackSerial)) },
    ]);
    await expectEventually(async () => expect(await applied(rackSerial)).toBe(true), { timeoutMs: 30000 });
    recovery[kind] = (Date.now() - started) / 1000;
  }

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('poison'), createTestTopics()]);
    // On both tables an event can be stored in: its transition if accepted, station_event if refused.
    for (const table of ['rack_transition', 'station_event'])
      await database.query(
        `ALTER TABLE ${table} ADD CONSTRAINT poison_note_check
           CHECK (payload -> 'details' ->> 'note' IS DISTINCT FROM '${REFUSED_NOTE}')`,
      );
    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
      TRACKER_STALL_SECONDS: '2',
      TRACKER_PROGRESS_POLL_MS: '200',
    };
    services.push(
      ...(await Promise.all([
        startService('ingest', env),
        startService('tracker', env),
        startService('api', env),
      ])),
    );
    [ingest, tracker, api] = [services[0]!.url, services[1]!, services[2]!.url];
    station = await registerStation(ingest, {
      stationId: stationFor('assembly').stationId,
      stage: 'assembly',
    });
    deadLetters = await collectDeadLetters(testKafka(), prefix, dead);
  });

  afterAll(async () => {
    await deadLetters?.disconnect();
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
    // The closing figures: seconds from producing a poison message to the next event on its partition applied.
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/poison-recovery.json', `${JSON.stringify(recovery, null, 2)}\n`);
  });

  it('a lone UTF-16 surrogate produced raw to Kafka is recorded with its exact bytes and the partition moves on', async () => {
    const poison = Buffer.from(JSON.stringify(envelope('RK-SURROGATE', { details: { note: '\ud800' } })));
    expect(poison.toString()).toContain('\\ud800'); // JSON.stringify escapes it: the text PostgreSQL refuses
    await poisonThenValid('lone surrogate (raw)', 'RK-SURROGATE', poison);
    const [rejection] = await rejectionsOf('RK-SURROGATE');
    expect(['malformed', 'unstorable']).toContain(rejection!.reason);
    expect(rejection!.event).toBeNull();
    expect(Buffer.from(rejection!.rawBase64!, 'base64')).toEqual(poison);
    await expectEventually(() =>
      expect(dead).toContainEqual(
        expect.objectContaining({ rackSerial: 'RK-SURROGATE', originalBase64: poison.toString('base64') }),
      ),
    );
  });

  it('bytes that are not UTF-8 are refused as malformed, kept exactly, never applied as U+FFFD', async () => {
    const text = JSON.stringify(envelope('RK-LATIN1', { details: { note: 'XX' } }));
    const poison = Buffer.from(text.replace('XX', 'caf\u00e9'), 'latin1'); // é as one byte 0xE9: not UTF-8
    await poisonThenValid('invalid UTF-8 (raw)', 'RK-LATIN1', poison);
    const [rejection] = await rejectionsOf('RK-LATIN1');
    expect(rejection).toMatchObject({ reason: 'malformed', detail: 'value is not valid UTF-8', event: null });
    expect(Buffer.from(rejection!.rawBase64!, 'base64')).toEqual(poison);
    const history = await database.query(
      `SELECT 1 FROM recorded_station_event WHERE rack_serial = 'RK-LATIN1'`,
    );
    expect(history).toHaveLength(1); // only the valid follower
  });

  it('a message that is not JSON is refused as malformed', async () => {
    await poisonThenValid('not JSON (raw)', 'RK-NOTJSON', '{"schemaVersion":1,"event":');
    const [rejection] = await rejectionsOf('RK-NOTJSON');
    expect(rejection).toMatchObject({
      reason: 'malformed',
      detail: 'value is not JSON',
      event: '{"schemaVersion":1,"event":',
    });
  });

  it('a 900 KB message is refused as malformed and its bytes kept; its dead letter still fits in Kafka', async () => {
    const poison = Buffer.from(
      JSON.stringify(envelope('RK-HUGE', { details: { note: 'x'.repeat(900 * 1024) } })),
    );
    await poisonThenValid('900 KB (raw)', 'RK-HUGE', poison);
    const [rejection] = await rejectionsOf('RK-HUGE');
    expect(rejection!.reason).toBe('malformed');
    expect(rejection!.detail).toMatch(/^value is \d+ bytes, over the 262144/);
    expect(Buffer.from(rejection!.rawBase64!, 'base64')).toEqual(poison);
    const letter = await expectEventually(() => {
      const found = dead.find((entry) => entry.rackSerial === 'RK-HUGE');
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter).toMatchObject({ reason: 'malformed', original: null, originalBytes: poison.length });
    expect(Buffer.from(letter.originalBase64!, 'base64')).toEqual(poison.subarray(0, 256 * 1024));
  });

  it('a valid-shaped event that breaks a database constraint is recorded as unstorable, raw or through ingest', async () => {
    const poison = envelope('RK-CHECK-RAW', { details: { note: REFUSED_NOTE } });
    await poisonThenValid('constraint violation (raw)', 'RK-CHECK-RAW', JSON.stringify(poison));
    const [rejection] = await rejectionsOf('RK-CHECK-RAW');
    expect(rejection).toMatchObject({
      reason: 'unstorable',
      eventId: poison.event.eventId,
      event: poison.event,
    });
    expect(rejection!.detail).toContain('23514 (poison_note_check)');

    // Through ingest: a station posts it (202, the contract allows it), then the next event for the rack.
    const started = Date.now();
    const refused = {
      eventId: randomUUID(),
      rackSerial: 'RK-CHECK-HTTP',
      stationId: station.stationId,
      stage: 'assembly',
      type: 'started',
      occurredAt: new Date().toISOString(),
      details: { note: REFUSED_NOTE },
    };
    const next = {
      ...refused,
      eventId: randomUUID(),
      details: { note: 'fine' },
      occurredAt: new Date(Date.now() + 1).toISOString(),
    };
    for (const event of [refused, next])
      expect((await call(`${ingest}/v1/events`, { token: station.token, json: event })).status).toBe(202);
    await expectEventually(async () => {
      const rows = await database.query<{ event_id: string }>(
        `SELECT event_id FROM rack_transition WHERE rack_serial = 'RK-CHECK-HTTP'`,
      );
      expect(rows.map((row) => row.event_id)).toEqual([next.eventId]);
    });
    recovery['constraint violation (ingest)'] = (Date.now() - started) / 1000;
    const [viaIngest] = await rejectionsOf('RK-CHECK-HTTP');
    expect(viaIngest).toMatchObject({ reason: 'unstorable', eventId: refused.eventId });
    await expectEventually(() =>
      expect(dead).toContainEqual(
        expect.objectContaining({ eventId: refused.eventId, reason: 'unstorable' }),
      ),
    );
  });

  it('one poison amid a chunk of good events costs only itself: every other event of the chunk is applied', async () => {
    const good = Array.from({ length: 40 }, (_, index) => envelope(`RK-CHUNK-${index}`));
    const poison = envelope('RK-CHUNK-POISON', { details: { note: REFUSED_NOTE } });
    const messages = [...good.slice(0, 20), poison, ...good.slice(20)].map((message) => ({
      key: 'RK-CHUNK', // one key: one partition, so the poison sits inside one chunk with the 40 others
      value: JSON.stringify(message),
    }));
    await produceRaw(messages);
    await expectEventually(async () => {
      const rows = await database.query<{ count: string }>(
        `SELECT count(*) FROM rack WHERE serial LIKE 'RK-CHUNK-%'`,
      );
      expect(Number(rows[0]!.count)).toBe(40);
    });
    const [rejection] = await rejectionsOf('RK-CHUNK-POISON');
    expect(rejection!.reason).toBe('unstorable');
    expect(tracker.logs.some((line) => line.includes('halving the chunk'))).toBe(true);
  });

  it('through ingest, a lone surrogate or U+0000 never reaches Kafka: 400 naming the field', async () => {
    for (const note of ['\ud800', 'a\u0000b']) {
      const event = {
        eventId: randomUUID(),
        rackSerial: 'RK-EDGE',
        stationId: station.stationId,
        stage: 'assembly',
        type: 'started',
        occurredAt: new Date().toISOString(),
        details: { note },
      };
      const answer = await call<{ message: string }>(`${ingest}/v1/events`, {
        token: station.token,
        json: event,
      });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('details.note');
    }
  });

  it('readiness stays ok through all of it, and logs stay bounded and free of SQL parameters', async () => {
    await expectEventually(async () =>
      expect(await health()).toMatchObject({ status: 'ok', checks: { partitions: { status: 'up' } } }),
    );
    const longest = Math.max(...tracker.logs.map((line) => Buffer.byteLength(line)));
    expect(longest).toBeLessThanOrEqual(2048);
    // The refused rows' data reached the tracker only as SQL parameters; no log line may carry it.
    expect(tracker.logs.filter((line) => line.includes(REFUSED_NOTE))).toEqual([]);
    expect(tracker.logs.some((line) => line.includes('poison_note_check'))).toBe(true); // but the failure is logged
  });

  it('a partition that stops advancing while messages wait makes readiness degraded, naming partition and offset', async () => {
    // Hold the partition's offset row from outside: the tracker's next chunk waits on the lock, as it would
    // on any write that never finishes. Nothing else about the stack changes.
    const rackSerial = 'RK-STALL';
    await produceRaw([{ key: rackSerial, value: JSON.stringify(envelope(rackSerial)) }]);
    await expectEventually(async () => expect(await applied(rackSerial)).toBe(true));
    const [{ partition, next_offset: offset }] = await database.query<{
      partition: number;
      next_offset: string;
    }>(
      `SELECT o.partition, o.next_offset FROM consumer_offset o
         JOIN recorded_station_event e ON e.kafka_partition = o.partition WHERE e.rack_serial = $1`,
      [rackSerial],
    );
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM consumer_offset WHERE partition = $1 FOR UPDATE`, [partition]);
      await produceRaw([
        { key: rackSerial, value: JSON.stringify(envelope(rackSerial, { type: 'passed' })) },
      ]);
      const degraded = await expectEventually(async () => {
        const answer = await call<HealthView>(`${tracker.url}/health`);
        expect(answer.status).toBe(503);
        expect(answer.body.status).toBe('degraded');
        return answer.body;
      });
      expect(degraded.checks.partitions!.error).toContain(
        `tracker stalled on partition ${partition} at offset ${offset}`,
      );
      const metrics = (await call<string>(`${tracker.url}/metrics`)).body;
      expect(metrics).toMatch(
        new RegExp(`tracker_partition_lag\\{[^}]*partition="${partition}"[^}]*\\} 1\\b`),
      );
      expect(metrics).toMatch(/tracker_partitions_stalled\{[^}]*\} 1\b/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    await expectEventually(async () => expect(await health()).toMatchObject({ status: 'ok' }));
    const [rack] = await database.query<{ status: string }>(`SELECT status FROM rack WHERE serial = $1`, [
      rackSerial,
    ]);
    expect(rack!.status).toBe('passed');
  });
});

describe('tracker: dead letters that together are more than Kafka takes in one request', () => {
  let database: TestDatabase;
  let prefix: string;
  let tracker: RunningService | undefined;
  let deadLetters: Consumer | undefined;
  const dead: DeadLetterMessage[] = [];

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('dead_letters'), createTestTopics()]);
    deadLetters = await collectDeadLetters(testKafka(), prefix, dead);
  });

  afterAll(async () => {
    await deadLetters?.disconnect();
    await tracker?.stop();
    await database?.drop();
  });

  it('dead-letters four 900 KB dumps for one rack, and applies the event behind them', async () => {
    // A tester writing its dumps straight to the topic: four in a row for one rack, each produced alone (as one
    // request they would not fit either), then the rack's event. The tracker starts only then, so it refuses
    // all four in one chunk and its relay has the four dead letters, 1.4 MB for one partition, in one pass.
    const rackSerial = 'RK-DUMPS';
    for (let dump = 1; dump <= 4; dump += 1)
      await produceRawStationMessages(testKafka(), prefix, [
        { key: rackSerial, value: Buffer.alloc(900 * 1024, dump) },
      ]);
    await produceRawStationMessages(testKafka(), prefix, [
      { key: rackSerial, value: JSON.stringify(stationEventMessage(rackSerial, Date.now())) },
    ]);

    tracker = await startService('tracker', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    });

    await expectEventually(
      async () =>
        expect(await database.query(`SELECT 1 FROM rack WHERE serial = $1`, [rackSerial])).toHaveLength(1),
      { timeoutMs: 30000 },
    );
    // As one produce request the broker refused them, and the relay retried that same request forever: no
    // dead letter left, nor any written after them.
    const letters = await expectEventually(
      () => {
        expect(dead).toHaveLength(4);
        return dead;
      },
      { timeoutMs: 30000 },
    );
    expect(letters.map((letter) => [letter.reason, letter.originalBytes])).toEqual(
      Array.from({ length: 4 }, () => ['malformed', 900 * 1024]),
    );
  });
});
