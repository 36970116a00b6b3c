import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  LineStatusRepository,
  RackRepository,
  runAsOneStatement,
  type Queryable,
  type StoredRack,
} from '#persistence';
import { createTestDatabase, type TestDatabase } from '../support/stack.js';
import { queryableOf, StatementRecorder } from '../support/queryables.js';

// A site a few years old: nearly all its racks have shipped, a handful are on the line.
const SHIPPED_RACKS = 20_000;
const OPEN_RACKS = 40;

describe('a rack update stays on its page', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('rack_in_place');
    await database.query(
      `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, slot_counts,
                         started_at, state_entered_at, last_event_at, completed_at)
       SELECT 'RK-' || lpad(n::text, 6, '0'), 'gb200', 'site-1', 'line-1', '{assembly,qa}', '{}',
              CASE WHEN n <= $1 THEN 'qa' ELSE 'assembly' END,
              CASE WHEN n <= $1 THEN 'shipped' ELSE 'in_progress' END, '{}',
              now() - interval '2 days', now() - interval '1 day', now() - interval '1 day',
              CASE WHEN n <= $1 THEN now() - interval '1 day' END
         FROM generate_series(1, $2::int) AS n`,
      [SHIPPED_RACKS, SHIPPED_RACKS + OPEN_RACKS],
    );
    await database.query('VACUUM ANALYZE rack');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("moves a rack to its next state without writing to any of rack's indexes", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const racks = new RackRepository();
      const db: Queryable = {
        query: async <T>(sql: string, parameters?: unknown[]) =>
          (await client.query(sql, parameters)).rows as unknown as T,
      };
      await client.query('BEGIN');
      const serial = `RK-${String(SHIPPED_RACKS + 1).padStart(6, '0')}`;
      const stored = (await racks.findBySerials(db, [serial])).get(serial)!;
      const now = new Date();
      const passed: StoredRack = {
        ...stored,
        state: {
          ...stored.state,
          stage: 'assembly',
          status: 'passed',
          stateEnteredAt: now,
          lastEventAt: now,
        },
      };
      await runAsOneStatement(db, [racks.upsertStatement([passed])]);

      // This transaction's own counts: an update that wrote an index entry would not be heap-only.
      const [counts] = (
        await client.query<{ updated: string; heapOnly: string }>(
          `SELECT pg_stat_get_xact_tuples_updated('rack'::regclass) AS updated,
                  pg_stat_get_xact_tuples_hot_updated('rack'::regclass) AS "heapOnly"`,
        )
      ).rows;
      await client.query('COMMIT');
      expect(counts).toEqual({ updated: '1', heapOnly: '1' });
      expect((await racks.findBySerials(db, [serial])).get(serial)?.state.status).toBe('passed');
    } finally {
      await client.end();
    }
  });

  it("finds the site's work in progress among its open racks, not among every rack it ever built", async () => {
    const recorder = new StatementRecorder();
    await new LineStatusRepository(recorder).wipCounts('site-1');
    const plan = (
      await database.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${recorder.statements[0]!.sql}`,
        recorder.statements[0]!.parameters,
      )
    )
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/rack_site_completed_idx/);
    expect(plan).not.toMatch(/Seq Scan/);

    const connection = queryableOf(database);
    // The one rack moved on by the first case is still on the line.
    expect(await new LineStatusRepository(connection).wipCounts('site-1')).toEqual([
      { stage: 'assembly', status: 'in_progress', count: OPEN_RACKS - 1 },
      { stage: 'assembly', status: 'passed', count: 1 },
    ]);
  });
});
