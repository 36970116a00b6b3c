import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RackReadRepository, RackRepository, type Queryable } from '#persistence';
import { createTestDatabase, type TestDatabase } from '../support/stack.js';
import { StatementRecorder } from '../support/statement-recorder.js';

// A site's racks, as the simulator names them: the shared prefix is what made trigrams look selective. The
// first 3,000 are what a young site holds (where the planner took the trigram index); the search runs on 20,000.
const YOUNG_SITE_RACKS = 3_000;
const RACKS = 20_000;
const serialOf = (n: number) => `RK-B2026120-SITE-1-LINE-${n % 20}-${String(n).padStart(6, '0')}`;

describe("rack lookups keep their index while the rack table's statistics lag", () => {
  let database: TestDatabase;
  // The repositories take any Queryable; the test database's query answers rows, which is what they expect.
  const connection: Queryable = {
    query: async <T>(sql: string, parameters?: unknown[]) =>
      (await database.query(sql, parameters)) as unknown as T,
  };

  async function planOf(statement: { sql: string; parameters: unknown[] }): Promise<string> {
    const rows = await database.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${statement.sql}`,
      statement.parameters,
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  beforeAll(async () => {
    database = await createTestDatabase('lookup_plan');
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
});
