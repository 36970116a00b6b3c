import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Queryable } from '../repositories/queryable.js';
import { REBUILD_TABLES } from './rebuild-tables.js';

// Rows per round trip when copying: a few MB of JSON at most for the widest rows (audit entries, CFX records).
const COPY_CHUNK = 2000;
const RELAY_CURSOR_TABLE = 'rack_transition_relay_cursor';
const TRANSITION_RELAY = 'rack-transitions';

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/**
 * Creates the database `url` names unless it exists, through the server's maintenance database (CREATE
 * DATABASE cannot run inside the database it makes). Returns whether it was created.
 */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), application_name: 'rebuild' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount !== 0) return false;
    await client.query(`CREATE DATABASE ${quoted(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** The public tables of a database, the migrations' own bookkeeping left out. */
export async function publicTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }[]>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migration'
      ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Tables the migrations created that REBUILD_TABLES does not name: nobody has decided what a rebuild does with them. */
export async function unclassifiedTables(db: Queryable): Promise<string[]> {
  const known = new Set(REBUILD_TABLES.map((entry) => entry.table));
  return (await publicTables(db)).filter((table) => !known.has(table));
}

export async function countRacks(db: Queryable): Promise<number> {
  const [{ racks }] = await db.query<{ racks: string }[]>('SELECT count(*) AS racks FROM rack');
  return Number(racks);
}

/** Empties every table but the migrations' own, ids restarting at 1: the target starts as a fresh database. */
export async function emptyAllTables(db: Queryable): Promise<void> {
  const tables = await publicTables(db);
  if (tables.length === 0) return;
  await db.query(`TRUNCATE ${tables.map(quoted).join(', ')} RESTART IDENTITY CASCADE`);
}

/**
 * Copies whole tables from one database to another: read in one REPEATABLE READ snapshot of the source (so
 * the copied tables agree with each other), written in one transaction on the target (all or nothing). Rows
 * travel as jsonb text, never parsed in between, so bigint, bytea, arrays and timestamps arrive unchanged;
 * the target's id sequences are then set past the copied ids. Tables missing on either side are skipped.
 * Returns the rows copied per table.
 */
export async function copyTables(
  from: DataSource,
  to: DataSource,
  tables: readonly string[],
): Promise<Map<string, number>> {
  const copied = new Map<string, number>();
  await from.transaction('REPEATABLE READ', async (source) => {
    await source.query('SET TRANSACTION READ ONLY');
    const present = new Set(await publicTables(source));
    await to.transaction(async (target) => {
      const targetTables = new Set(await publicTables(target));
      for (const table of tables) {
        if (!present.has(table) || !targetTables.has(table)) continue;
        await source.query(
          `DECLARE copy_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${quoted(table)} t`,
        );
        let rows = 0;
        for (;;) {
          const chunk = await source.query<{ row: string }[]>(`FETCH ${COPY_CHUNK} FROM copy_rows`);
          if (chunk.length === 0) break;
          await target.query(
            `INSERT INTO ${quoted(table)} SELECT * FROM json_populate_recordset(NULL::${quoted(table)}, $1::json)`,
            [`[${chunk.map(({ row }) => row).join(',')}]`],
          );
          rows += chunk.length;
        }
        await source.query('CLOSE copy_rows');
        await resetSequences(target, table);
        copied.set(table, rows);
      }
    });
  });
  return copied;
}

/** Sets each serial column's sequence past the largest copied id, so the next insert does not collide. */
async function resetSequences(db: Queryable, table: string): Promise<void> {
  const columns = await db.query<{ column: string; sequence: string }[]>(
    `SELECT a.attname AS column, pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
    [quoted(table)],
  );
  for (const { column, sequence } of columns)
    await db.query(
      `SELECT setval($1, coalesce(max(${quoted(column)}), 1), max(${quoted(column)}) IS NOT NULL) FROM ${quoted(table)}`,
      [sequence],
    );
}

/**
 * The replay opens supplier returns as the tracker did; what quality engineers later decided about them
 * (confirmed, no fault found, with note and name) is not in the event log, so it is copied from live onto the
 * same return (same removal event and component). Returns how many returns took a verdict.
 */
export async function copySupplierReturnVerdicts(from: DataSource, to: DataSource): Promise<number> {
  const [{ verdicts }] = await from.query<{ verdicts: string }[]>(
    `SELECT coalesce(json_agg(json_build_object(
              'removal_event_id', removal_event_id, 'component_serial', component_serial, 'status', status,
              'closed_at', closed_at, 'closed_by', closed_by, 'note', note)), '[]')::text AS verdicts
       FROM supplier_return WHERE status <> 'open'`,
  );
  const updated = await to.query<{ id: string }[]>(
    `UPDATE supplier_return r
        SET status = v.status, closed_at = v.closed_at, closed_by = v.closed_by, note = v.note
       FROM json_to_recordset($1::json) AS v(removal_event_id uuid, component_serial text, status text,
                                             closed_at timestamptz, closed_by text, note text)
      WHERE r.removal_event_id = v.removal_event_id AND r.component_serial = v.component_serial
      RETURNING r.id`,
    [verdicts],
  );
  return updated.length;
}

/**
 * After the replay: nothing the replay wrote may be announced. The outbox (dead letters of refused events,
 * already dead-lettered when live refused them) is emptied, and the transition relay's cursor, where the
 * schema has one, is put after every transition row, so a tracker started on this database announces only
 * what it applies itself. Rows are below the cursor by (writing transaction, id); this transaction's id is
 * above every committed writer's, as the migration that made the cursor does it.
 */
export async function silenceReplayedHistory(db: DataSource): Promise<void> {
  await db.transaction(async (manager) => {
    await manager.query('DELETE FROM outbox_message');
    const [{ present }] = await manager.query<{ present: boolean }[]>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [RELAY_CURSOR_TABLE],
    );
    if (!present) return;
    await manager.query(
      `INSERT INTO ${quoted(RELAY_CURSOR_TABLE)} (relay, last_xid, last_id, relayed_at)
       SELECT $1, pg_current_xact_id(), coalesce(max(id), 0), now() FROM rack_transition
       ON CONFLICT (relay) DO UPDATE
         SET last_xid = EXCLUDED.last_xid, last_id = EXCLUDED.last_id, relayed_at = EXCLUDED.relayed_at`,
      [TRANSITION_RELAY],
    );
  });
}
