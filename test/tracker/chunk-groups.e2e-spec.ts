import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '#config';
import { createDataSource } from '#persistence';
import type { BatchControl, ConsumedMessage, PartitionBatch } from '#messaging';
import { expectEventually, stationEventMessage } from '#testing';
import { ApplyStationEventsUseCase } from '../../apps/tracker/src/apply-station-events/apply-station-events.use-case.js';
import { RebuildModule } from '../../apps/tracker/src/rebuild/rebuild.module.js';
import { TrackerConfig } from '../../apps/tracker/src/tracker.config.js';
import { TrackerMetrics } from '../../apps/tracker/src/tracker.metrics.js';
import { createTestDatabase, type TestDatabase } from '../support/stack.js';

const TOPIC = 'station-events';
const GROUP = 'chunk-groups';
// A note this suite's database refuses (a CHECK constraint added below), as a stricter schema would.
const REFUSED_NOTE = 'refused-by-check-constraint';
const ACTIVE: BatchControl = { heartbeat: async () => undefined, isActive: () => true };

/**
 * At line rate every partition brings a chunk of one or two events, and the tracker writes the small chunks that
 * wait at one moment in one transaction. The use case runs here on its own, as the tracker and the rebuild run
 * it, against a real database: grouping must change nothing a user can see — every event applied once, each
 * partition's offset exact, a poison message costing only itself.
 */
describe('tracker: small chunks of several partitions written together', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: INestApplicationContext;
  let useCase: ApplyStationEventsUseCase;
  let metrics: TrackerMetrics;
  let clock = Date.now() - 3_600_000;
  const nextOffset = new Map<number, number>();

  /** A chunk of one partition: each rack's `started`, at the partition's next offsets. */
  function chunk(
    partition: number,
    racks: string[],
    extra: { note?: string; eventId?: string } = {},
  ): PartitionBatch {
    const messages: ConsumedMessage[] = racks.map((rackSerial) => {
      const offset = nextOffset.get(partition) ?? 0;
      nextOffset.set(partition, offset + 1);
      clock += 1000;
      const message = stationEventMessage(rackSerial, clock, {
        ...(extra.note === undefined ? {} : { details: { note: extra.note } }),
        ...(extra.eventId === undefined ? {} : { eventId: extra.eventId }),
      });
      return {
        topic: TOPIC,
        partition,
        offset: String(offset),
        key: rackSerial,
        value: Buffer.from(JSON.stringify(message)),
        headers: {},
        timestamp: String(clock),
      };
    });
    return { topic: TOPIC, partition, messages, highWatermark: String(nextOffset.get(partition)) };
  }

  async function together(): Promise<number> {
    return (await metrics.chunksWrittenTogether.get()).values[0]?.value ?? 0;
  }

  async function appliedRacks(prefix: string): Promise<string[]> {
    const rows = await database.query<{ serial: string }>(
      `SELECT serial FROM rack WHERE serial LIKE $1 ORDER BY serial`,
      [`${prefix}%`],
    );
    return rows.map((row) => row.serial);
  }

  async function offsets(): Promise<Record<number, number>> {
    const rows = await database.query<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset FROM consumer_offset WHERE consumer_group = $1 AND topic = $2`,
      [GROUP, TOPIC],
    );
    return Object.fromEntries(rows.map((row) => [row.partition, Number(row.next_offset)]));
  }

  beforeAll(async () => {
    database = await createTestDatabase('chunk_groups');
    // On both tables an event can be stored in: its transition if accepted, station_event if refused.
    for (const table of ['rack_transition', 'station_event'])
      await database.query(
        `ALTER TABLE ${table} ADD CONSTRAINT group_note_check
           CHECK (payload -> 'details' ->> 'note' IS DISTINCT FROM '${REFUSED_NOTE}')`,
      );
    const config = loadConfig('tracker', TrackerConfig, {
      DATABASE_URL: database.url,
      TRACKER_CONSUMER_GROUP: GROUP,
      // Named, not the default: the large chunk below is one past a quarter of it.
      TRACKER_CHUNK_SIZE: '1000',
    });
    dataSource = createDataSource({
      databaseUrl: database.url,
      applicationName: 'chunk-groups',
      poolSize: 8,
    });
    await dataSource.initialize();
    app = await NestFactory.createApplicationContext(RebuildModule.forRoot(config, dataSource), {
      logger: false,
    });
    useCase = app.get(ApplyStationEventsUseCase);
    metrics = app.get(TrackerMetrics);
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('writes the chunks of one fetch in one transaction, each partition at its exact offset', async () => {
    const before = await together();
    // Handed over at once, as kafkajs hands one fetch's batches to its workers.
    await Promise.all([
      useCase.execute(chunk(0, ['RK-GRP-A-0']), ACTIVE),
      useCase.execute(chunk(1, ['RK-GRP-A-1', 'RK-GRP-A-1B']), ACTIVE),
      useCase.execute(chunk(2, ['RK-GRP-A-2']), ACTIVE),
      useCase.execute(chunk(3, ['RK-GRP-A-3']), ACTIVE),
    ]);
    expect(await together()).toBe(before + 4);
    expect(await appliedRacks('RK-GRP-A-')).toEqual([
      'RK-GRP-A-0',
      'RK-GRP-A-1',
      'RK-GRP-A-1B',
      'RK-GRP-A-2',
      'RK-GRP-A-3',
    ]);
    expect(await offsets()).toMatchObject({ 0: 1, 1: 2, 2: 1, 3: 1 });
  });

  it('skips what a partition already applied and applies the rest of the group once (a redelivery after a crash)', async () => {
    const first = chunk(4, ['RK-GRP-B-4']);
    await useCase.execute(first, ACTIVE);
    const transitionsBefore = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rack_transition`,
    );
    const before = await together();
    await Promise.all([
      useCase.execute(chunk(5, ['RK-GRP-B-5']), ACTIVE),
      useCase.execute(first, ACTIVE), // redelivered: already applied
      useCase.execute(chunk(6, ['RK-GRP-B-6']), ACTIVE),
    ]);
    expect(await together()).toBe(before + 3);
    const transitionsAfter = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rack_transition`,
    );
    expect(transitionsAfter[0].n - transitionsBefore[0].n).toBe(2);
    expect(await appliedRacks('RK-GRP-B-')).toEqual(['RK-GRP-B-4', 'RK-GRP-B-5', 'RK-GRP-B-6']);
    expect(await offsets()).toMatchObject({ 4: 1, 5: 1, 6: 1 });
  });

  it('a poison message in a group costs only itself: the group is applied chunk by chunk and the fault narrowed down', async () => {
    const before = await together();
    const poisoned = chunk(8, ['RK-GRP-C-8-POISON'], { note: REFUSED_NOTE });
    const afterPoison = chunk(8, ['RK-GRP-C-8-NEXT']);
    await Promise.all([
      useCase.execute(chunk(7, ['RK-GRP-C-7']), ACTIVE),
      useCase.execute({ ...poisoned, messages: [...poisoned.messages, ...afterPoison.messages] }, ACTIVE),
      useCase.execute(chunk(9, ['RK-GRP-C-9']), ACTIVE),
    ]);
    // The group of partitions 7, 8 and 9 failed as a whole, so nothing counts as written together.
    expect(await together()).toBe(before);
    expect(await appliedRacks('RK-GRP-C-')).toEqual(['RK-GRP-C-7', 'RK-GRP-C-8-NEXT', 'RK-GRP-C-9']);
    const rejections = await database.query<{ rack_serial: string; reason: string; detail: string }>(
      `SELECT rack_serial, reason, detail FROM rejection WHERE rack_serial LIKE 'RK-GRP-C-%'`,
    );
    expect(rejections).toEqual([
      expect.objectContaining({ rack_serial: 'RK-GRP-C-8-POISON', reason: 'unstorable' }),
    ]);
    expect(rejections[0].detail).toContain('group_note_check');
    expect(await offsets()).toMatchObject({ 7: 1, 8: 2, 9: 1 });
  });

  it('a chunk of more than a quarter of TRACKER_CHUNK_SIZE is written on its own, beside the group of small ones', async () => {
    const before = await together();
    const large = chunk(
      10,
      Array.from({ length: 251 }, (_, index) => `RK-GRP-D-10-${String(index).padStart(3, '0')}`),
    );
    await Promise.all([
      useCase.execute(chunk(11, ['RK-GRP-D-11']), ACTIVE),
      useCase.execute(large, ACTIVE),
      useCase.execute(chunk(0, ['RK-GRP-D-0']), ACTIVE),
    ]);
    // Partitions 11 and 0 went together; the large chunk went alone, beside them.
    expect(await together()).toBe(before + 2);
    expect(await appliedRacks('RK-GRP-D-')).toHaveLength(253);
    expect(await offsets()).toMatchObject({ 0: 2, 10: 251, 11: 1 });
  });

  it("an event id another partition's transaction is writing: the later event waits for it, then is refused as a duplicate", async () => {
    // Two different events posted with one id, for racks in different partitions: the first to commit keeps it.
    const eventId = randomUUID();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                      site_id, occurred_at, payload, content_hash, received_at, kafka_partition, kafka_offset)
         VALUES ('RK-GRP-E-OTHER', $1, 'started', 'assembly', 'assembly', 'in_progress', 'ST-1', 'site-1', now(),
                 '{}', 'hash-of-another-event', now(), 3, 999)`,
        [eventId],
      );
      const applying = useCase.execute(chunk(5, ['RK-GRP-E-5'], { eventId }), ACTIVE);
      await expectEventually(async () => {
        const [{ waiting }] = await database.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        expect(waiting).toBe(1);
      });
      await holder.query('COMMIT');
      await applying;
    } finally {
      await holder.end();
    }
    expect(await appliedRacks('RK-GRP-E-5')).toEqual([]);
    const rejections = await database.query<{ reason: string; detail: string }>(
      `SELECT reason, detail FROM rejection WHERE rack_serial = 'RK-GRP-E-5'`,
    );
    expect(rejections).toEqual([
      { reason: 'duplicate', detail: `eventId ${eventId} was already used for a different event` },
    ]);
    expect(await offsets()).toMatchObject({ 5: nextOffset.get(5) });
  });
});
