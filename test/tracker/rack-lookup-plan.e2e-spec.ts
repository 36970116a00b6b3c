import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readChunkState, RackReadRepository, RackRepository, type Queryable } from '#persistence';
import { createTestDatabase, type TestDatabase } from '../support/stack.js';
import { queryableOf, StatementRecorder } from '../support/queryables.js';

// A site's racks, as the simulator names them: the shared prefix is what made trigrams look selective. The
// first 3,000 are what a young site holds (where the planner took the trigram index); the search runs on 20,000.
const YOUNG_SITE_RACKS = 3_000;
const RACKS = 20_000;
const serialOf = (n: number) => `RK-B2026120-SITE-1-LINE-${n % 20}-${String(n).padStart(6, '0')}`;

describe("rack lookups keep their index while the rack table's statistics lag", () => {
  let database: TestDatabase;
  let connection: Queryable;

  async function planOf(statement: { sql: string; parameters: unknown[] }): Promise<string> {
    const rows = await database.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${statement.sql}`,
      statement.parameters,
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  beforeAll(async () => {
    database = await createTestDatabase('lookup_plan');
    connection = queryableOf(database);
    // A table growing faster than autovacuum analyses it (a new site, a rebuild, a backlog): no statistics yet.
    await database.query(`ALTER TABLE rack SET (autovacuum_enabled = false)`);
    await addRacks(1, YOUNG_SITE_RACKS);
  });

  async function addRacks(first: number, last: number) {
    await database.query(
      `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, slot_counts,
                         started_at, state_entered_at, last_event_at)
       SELECT 'RK-B2026120-SITE-1-LINE-' || (n % 20) || '-' || lpad(n::text, 6, '0'), 'gb200', 'site-1',
              'line-1', '{assembly}', '{}', 'assembly', 'in_progress', '{}', now(), now(), now()
       FROM generate_series($1::int, $2::int) AS n`,
      [first, last],
    );
  }

  afterAll(async () => {
    await database?.drop();
  });

  it("finds a chunk's racks without the search's trigram index", async () => {
    const recorder = new StatementRecorder();
    const chunk = Array.from({ length: 300 }, (_, index) => serialOf(index * 7 + 1));
    await new RackRepository().findBySerials(recorder, chunk);

    const plan = await planOf(recorder.statements[0]!);
    // The trigram index answers `=` too, and with no statistics the planner took it: 0.5–6.6 s per chunk.
    expect(plan).not.toMatch(/trgm/);
    const found = await new RackRepository().findBySerials(connection, chunk);
    expect(found.size).toBe(300);
  });

  it("reads a chunk's racks with its known event ids by primary key too, and tells stored racks from new ones", async () => {
    const recorder = new StatementRecorder();
    const chunk = [...Array.from({ length: 300 }, (_, index) => serialOf(index * 7 + 1)), 'RK-NEW-1'];
    const eventIds = [randomUUID(), randomUUID(), randomUUID()];
    await readChunkState(recorder, eventIds, chunk);

    expect(await planOf(recorder.statements[0]!)).not.toMatch(/trgm/);
    // An accepted event is recorded in its transition, a refused one in station_event: both are known.
    await database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id, site_id,
                                    occurred_at, payload, content_hash, received_at, kafka_partition, kafka_offset)
       VALUES ($2, $1, 'started', 'assembly', 'assembly', 'in_progress', 'ST-1', 'site-1', now(), '{}', 'hash-1',
               now(), 0, 0)`,
      [eventIds[0], serialOf(1)],
    );
    await database.query(
      `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at, payload,
                                  content_hash, outcome, kafka_partition, kafka_offset)
       VALUES ($1, $2, 'ST-1', 'qa', 'passed', now(), now(), '{}', 'hash-2', 'rejected', 0, 1)`,
      [eventIds[1], serialOf(1)],
    );
    const state = await readChunkState(connection, eventIds, chunk);
    expect(state.knownHashes).toEqual(
      new Map([
        [eventIds[0], 'hash-1'],
        [eventIds[1], 'hash-2'],
      ]),
    );
    expect(state.racks.size).toBe(300);
    expect(state.racks.has('RK-NEW-1')).toBe(false);
    expect(state.racks.get(serialOf(8))?.state.stage).toBe('assembly');
    expect(await readChunkState(connection, [randomUUID()], ['RK-NEW-2'])).toEqual({
      knownHashes: new Map(),
      racks: new Map(),
    });
  });

  it("finds a chunk's known event ids in a year of history by index, in both tables an event is stored in", async () => {
    await database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id, site_id,
                                    occurred_at, payload, content_hash, received_at, kafka_partition, kafka_offset)
       SELECT 'RK-HIST-' || n, gen_random_uuid(), 'passed', 'qa', 'qa', 'passed', 'ST-1', 'site-1', now(), '{}',
              'h' || n, now(), 0, n
         FROM generate_series(1, 100000) AS n`,
    );
    await database.query(
      `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at, payload,
                                  content_hash, outcome, kafka_partition, kafka_offset)
       SELECT gen_random_uuid(), 'RK-HIST-' || n, 'ST-1', 'qa', 'passed', now(), now(), '{}', 'h' || n, 'rejected', 0, n
         FROM generate_series(1, 20000) AS n`,
    );
    await database.query(`ANALYZE rack_transition; ANALYZE station_event`);
    const recorder = new StatementRecorder();
    await readChunkState(recorder, [randomUUID()], [serialOf(5)]);

    const plan = await planOf(recorder.statements[0]!);
    expect(plan).toMatch(/rack_transition_event_uq/);
    expect(plan).toMatch(/station_event_pkey|PK_f88563b7c818c9b2c701953059c/);
    expect(plan).not.toMatch(/Seq Scan on (rack_transition|station_event)/);
  });

  it('still searches by any part of a serial, whatever its case, through the trigram index', async () => {
    await addRacks(YOUNG_SITE_RACKS + 1, RACKS);
    // Autovacuum caught up: statistics, and the GIN index's pending list merged.
    await database.query(`VACUUM ANALYZE rack`);
    const recorder = new StatementRecorder();
    await new RackReadRepository(recorder).list(
      { siteId: 'site-1', serialContains: 'line-7-0012' },
      { afterSerial: null, limit: 50 },
    );

    expect(await planOf(recorder.statements[0]!)).toMatch(/rack_serial_lower_trgm_idx/);
    const found = await new RackReadRepository(connection).list(
      { siteId: 'site-1', serialContains: 'line-7-0012' },
      { afterSerial: null, limit: 50 },
    );
    expect(found.map((rack) => rack.serial)).toEqual(
      Array.from({ length: RACKS }, (_, index) => serialOf(index + 1)).filter((serial) =>
        serial.includes('LINE-7-0012'),
      ),
    );
  });

  it("reads a grown site's racks for a chunk by primary key, from one rack at line rates to a backlog's thousand", async () => {
    const scanOfRack = async (read: (db: Queryable) => Promise<unknown>) => {
      const recorder = new StatementRecorder();
      await read(recorder);
      const plan = await planOf(recorder.statements[0]!);
      return (
        /(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)(?: using \S+)? on rack\b/.exec(plan)?.[1] ??
        plan
      );
    };
    // One rack, a few, then a catching-up chunk's hundreds: with `serial = ANY` the planner scanned all 20,000
    // racks for those (a scan looked cheaper than that many lookups, though every page is in memory).
    for (const size of [1, 5, 300, 1_000]) {
      const chunk = Array.from({ length: size }, (_, index) => serialOf(index * 17 + 5));
      expect(await scanOfRack((db) => readChunkState(db, [randomUUID()], chunk))).toBe('Index Scan');
      expect((await readChunkState(connection, [], chunk)).racks.size).toBe(size);
    }
  });
});
