import type { DataSource } from 'typeorm';

/** A committed transition row as the relay reads it: the announcement's fields, nothing parsed. */
export interface RelayedTransitionRow {
  id: string;
  writtenByXid: string;
  rackSerial: string;
  eventId: string;
  eventType: string;
  stage: string;
  fromStage: string | null;
  fromStatus: string | null;
  toStage: string;
  toStatus: string;
  stationId: string;
  siteId: string;
  lineId: string | null;
  model: string | null;
  reworkCount: number | null;
  /** As toISOString writes it. */
  occurredAt: string;
  correlationId: string | null;
}

/** One pass of the relay: how many rows went out, and whether committed rows wait behind an open transaction. */
export interface TransitionRelayPass {
  relayed: number;
  heldBack: boolean;
}

/** The oldest transaction still open on the server: what holds the relay back when rows wait. */
export interface OpenTransaction {
  pid: number;
  database: string | null;
  applicationName: string | null;
  openSince: Date;
  state: string | null;
}

const RELAY = 'rack-transitions';

// The announcement's occurredAt, written by PostgreSQL in toISOString's form: pg parsed the column into a Date
// only for the relay to write it back out, 1.2 % of the tracker's time while catching up. The row's time is an
// accepted event's, which the state machine allows only days from its receipt, so its year has four digits.
const OCCURRED_AT_AS_ISO = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ROW_COLUMNS = `
  id, written_by_xid::text AS "writtenByXid", rack_serial AS "rackSerial", event_id AS "eventId",
  event_type AS "eventType", stage, from_stage AS "fromStage", from_status AS "fromStatus",
  to_stage AS "toStage", to_status AS "toStatus", station_id AS "stationId", site_id AS "siteId",
  line_id AS "lineId", model, rework_count AS "reworkCount", ${OCCURRED_AT_AS_ISO} AS "occurredAt",
  correlation_id AS "correlationId"`;

/**
 * The pass's one read: the cursor row, locked (none when another relay holds it: SKIP LOCKED), the horizon below
 * which every transaction has ended, and the rows past the cursor: those below the horizon, up to $2, and the
 * first one at or above it (which tells a held-back relay from an idle one). A cursor with nothing pending comes
 * back as one row whose `id` is null.
 *
 * Horizon and rows come from the same snapshot, the statement's (pg_current_snapshot() is the active one): every
 * transaction below the horizon had ended when it was taken, so every row they committed is visible to the
 * read, and none can slip under the horizon unseen. The cursor is the newest version of its row (FOR UPDATE
 * returns that, even when another relay moved it after the snapshot), so rows that relay published are not
 * read again.
 *
 * The look for a row at or above the horizon starts at whichever is later, the cursor or the horizon (ids start
 * at 1, so (horizon, 0) comes before any row of that transaction). Given both bounds, the index scan started at
 * the cursor's and walked every committed row below the horizon, on every pass: for a relay far behind, a
 * pass's cost grew with the backlog.
 */
const SELECT_CURSOR_AND_ROWS = `
  WITH locked AS (
    SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon, last_xid, last_id
      FROM rack_transition_relay_cursor WHERE relay = $1 FOR UPDATE SKIP LOCKED),
  cursor AS (
    SELECT horizon, last_xid, last_id,
           CASE WHEN last_xid >= horizon THEN last_xid ELSE horizon END AS above_xid,
           CASE WHEN last_xid >= horizon THEN last_id ELSE 0 END AS above_id
      FROM locked)
  SELECT cursor.horizon::text AS horizon, pending.*
    FROM cursor LEFT JOIN LATERAL (
      (SELECT ${ROW_COLUMNS} FROM rack_transition
        WHERE (written_by_xid, id) > (cursor.last_xid, cursor.last_id) AND written_by_xid < cursor.horizon
        ORDER BY written_by_xid, id
        LIMIT $2)
      UNION ALL
      (SELECT ${ROW_COLUMNS} FROM rack_transition
        WHERE (written_by_xid, id) > (cursor.above_xid, cursor.above_id)
        ORDER BY written_by_xid, id
        LIMIT 1)
    ) AS pending ON true`;

/**
 * Reads `rack_transition` as an outbox: rows past the relay's cursor whose transactions have all ended, in the
 * order (writing transaction, id). A row is published at least once and its cursor moves only after Kafka
 * acked it; per rack the order is history order, because one partition's chunks commit one after another and
 * a later chunk's transaction always has the larger id.
 */
export class RackTransitionRelayRepository {
  constructor(private readonly dataSource: DataSource) {}

  async relayNext(
    limit: number,
    publish: (rows: RelayedTransitionRow[]) => Promise<void>,
  ): Promise<TransitionRelayPass> {
    return this.dataSource.transaction(async (manager) => {
      // The cursor's row is the relays' lock: held until this pass commits, skipped while another tracker's
      // relay holds it. Cursor, horizon and rows in one statement: a pass is one round trip fewer.
      const found = await manager.query<
        (Omit<RelayedTransitionRow, 'id'> & { id: string | null; horizon: string })[]
      >(SELECT_CURSOR_AND_ROWS, [RELAY, limit]);
      if (found.length === 0) {
        const [{ exists }] = await manager.query<{ exists: boolean }[]>(
          'SELECT EXISTS (SELECT 1 FROM rack_transition_relay_cursor WHERE relay = $1) AS exists',
          [RELAY],
        );
        if (!exists) throw new Error('rack_transition_relay_cursor has no row: run the migrations');
        // Another tracker's relay is mid-pass and may have read before this tracker's commit: look again soon.
        return { relayed: 0, heldBack: true };
      }
      const horizon = BigInt(found[0].horizon);
      const pending = found.filter((row): row is typeof row & { id: string } => row.id !== null);
      const rows: RelayedTransitionRow[] = pending
        .filter((row) => BigInt(row.writtenByXid) < horizon)
        .map(({ horizon: _horizon, ...row }) => row);
      const heldBack = rows.length < pending.length;
      if (rows.length === 0) return { relayed: 0, heldBack };
      await publish(rows);
      const last = rows[rows.length - 1];
      await manager.query(
        `UPDATE rack_transition_relay_cursor SET last_xid = $2::xid8, last_id = $3, relayed_at = now()
          WHERE relay = $1`,
        [RELAY, last.writtenByXid, last.id],
      );
      return { relayed: rows.length, heldBack };
    });
  }

  /** Rows not yet relayed (committed ones, as this statement sees them): the relay's backlog. */
  async backlog(): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM rack_transition t, rack_transition_relay_cursor c
        WHERE c.relay = $1 AND (t.written_by_xid, t.id) > (c.last_xid, c.last_id)`,
      [RELAY],
    );
    return Number(count);
  }

  /** Moves the cursor past every row there is: for a database rebuilt from the log, whose history was announced. */
  async skipToEnd(): Promise<void> {
    await this.dataSource.query(
      `UPDATE rack_transition_relay_cursor c
          SET last_xid = t.written_by_xid, last_id = t.id, relayed_at = now()
         FROM (SELECT written_by_xid, id FROM rack_transition ORDER BY written_by_xid DESC, id DESC LIMIT 1) t
        WHERE c.relay = $1`,
      [RELAY],
    );
  }

  /** The oldest transaction open on the server other than this connection's, holding an xid. */
  async oldestOpenTransaction(): Promise<OpenTransaction | null> {
    const [row] = await this.dataSource.query<OpenTransaction[]>(
      `SELECT pid, datname AS database, application_name AS "applicationName", xact_start AS "openSince", state
         FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
        ORDER BY xact_start
        LIMIT 1`,
    );
    return row ?? null;
  }
}
