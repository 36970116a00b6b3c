import {
  formatLocation,
  type BurnInLocation,
  type ComponentKind,
  type RackState,
  type RackStatus,
  type StageDwell,
} from '#domain';
import { toIsoInstant } from '#contracts';
import { holdReasonOf, soakClockOf, type BurnInColumns } from './burn-in-columns.js';
import type { Queryable } from './queryable.js';
import type { SqlStatement } from './sql-statement.js';

/** A `rack` row as `SELECT *` reads it. */
export interface RackRow extends BurnInColumns {
  serial: string;
  model: string;
  site_id: string;
  line_id: string;
  route: string[];
  required_slots: Partial<Record<ComponentKind, number>>;
  stage: string;
  status: RackStatus;
  held_stage: string | null;
  held_status: RackStatus | null;
  rework_count: number;
  failure_count: number;
  slot_counts: Partial<Record<ComponentKind, number>>;
  started_at: Date;
  state_entered_at: Date;
  last_event_at: Date;
  completed_at: Date | null;
  dwell: Record<string, StageDwell>;
  location_cell: string | null;
  location_position: number | null;
}

/** A rack as stored: the domain state plus where it is built and when it started and finished. */
export interface StoredRack {
  state: RackState;
  siteId: string;
  lineId: string;
  startedAt: Date;
  completedAt: Date | null;
}

export function toStoredRack(row: RackRow): StoredRack {
  return {
    state: {
      serial: row.serial,
      model: row.model,
      route: { model: row.model, stages: row.route, requiredSlots: row.required_slots, dwell: row.dwell },
      stage: row.stage,
      status: row.status,
      held: row.held_stage && row.held_status ? { stage: row.held_stage, status: row.held_status } : null,
      reworkCount: row.rework_count,
      failureCount: row.failure_count,
      slotCounts: row.slot_counts,
      stateEnteredAt: row.state_entered_at,
      lastEventAt: row.last_event_at,
      location:
        row.location_cell !== null && row.location_position !== null
          ? { cell: row.location_cell, position: row.location_position }
          : null,
      soak: soakClockOf(row),
      holdReason: holdReasonOf(row),
    },
    siteId: row.site_id,
    lineId: row.line_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export class RackRepository {
  async findBySerials(db: Queryable, serials: readonly string[]): Promise<Map<string, StoredRack>> {
    if (serials.length === 0) return new Map();
    const rows = await db.query<RackRow[]>('SELECT * FROM rack WHERE serial = ANY($1::text[])', [serials]);
    return new Map(rows.map((row) => [row.serial, toStoredRack(row)]));
  }

  /**
   * Who holds the named burn-in positions of one site now, keyed by `cell/position` (unheld ones absent).
   * Read inside the chunk's transaction; a position taken by another partition's uncommitted chunk is caught
   * by rack_location_uq at write time and the chunk is planned again.
   */
  async findOccupants(
    db: Queryable,
    siteId: string,
    locations: readonly BurnInLocation[],
  ): Promise<Map<string, string>> {
    if (locations.length === 0) return new Map();
    const rows = await db.query<{ location_cell: string; location_position: number; serial: string }[]>(
      `SELECT location_cell, location_position, serial FROM rack
        WHERE site_id = $1 AND (location_cell, location_position) IN
              (SELECT * FROM unnest($2::text[], $3::int[]))`,
      [siteId, locations.map((location) => location.cell), locations.map((location) => location.position)],
    );
    return new Map(
      rows.map((row) => [
        formatLocation({ cell: row.location_cell, position: row.location_position }),
        row.serial,
      ]),
    );
  }

  /**
   * Frees the burn-in positions these racks held. Positions are one rack each (rack_location_uq) and PostgreSQL
   * checks that row by row, so a chunk frees what its racks left before upsertStatement writes a rack taking one.
   */
  async vacatePositions(db: Queryable, serials: readonly string[]): Promise<void> {
    if (serials.length === 0) return;
    await db.query(
      `UPDATE rack SET location_cell = NULL, location_position = NULL
        WHERE serial = ANY($1::text[]) AND location_cell IS NOT NULL`,
      [serials],
    );
  }

  /**
   * Inserts new racks and overwrites the mutable state of existing ones (identity columns never change), for
   * the chunk's one write (runAsOneStatement); null when there are none. One row per rack: a statement may not
   * touch a row twice.
   */
  upsertStatement(racks: readonly StoredRack[]): SqlStatement | null {
    if (racks.length === 0) return null;
    // Column arrays (unnest) rather than one JSON document: less for PostgreSQL to parse per rack.
    const columns: unknown[][] = Array.from({ length: 26 }, () => []);
    for (const { state, siteId, lineId, startedAt, completedAt } of racks) {
      columns[0].push(state.serial);
      columns[1].push(state.model);
      columns[2].push(siteId);
      columns[3].push(lineId);
      columns[4].push(JSON.stringify(state.route.stages));
      columns[5].push(JSON.stringify(state.route.requiredSlots));
      columns[6].push(state.stage);
      columns[7].push(state.status);
      columns[8].push(state.held?.stage ?? null);
      columns[9].push(state.held?.status ?? null);
      columns[10].push(state.reworkCount);
      columns[11].push(state.failureCount);
      columns[12].push(JSON.stringify(state.slotCounts));
      columns[13].push(toIsoInstant(startedAt));
      columns[14].push(toIsoInstant(state.stateEnteredAt));
      columns[15].push(toIsoInstant(state.lastEventAt));
      columns[16].push(completedAt ? toIsoInstant(completedAt) : null);
      columns[17].push(JSON.stringify(state.route.dwell));
      columns[18].push(state.location?.cell ?? null);
      columns[19].push(state.location?.position ?? null);
      columns[20].push(state.soak ? toIsoInstant(state.soak.startedAt) : null);
      columns[21].push(state.soak?.heldMs ?? 0);
      columns[22].push(state.soak?.retest ?? false);
      columns[23].push(state.soak?.holdStartedAt ? toIsoInstant(state.soak.holdStartedAt) : null);
      columns[24].push(state.holdReason?.reason ?? null);
      columns[25].push(state.holdReason?.reasonCode ?? null);
    }
    return {
      sql: `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, held_stage, held_status,
                         rework_count, failure_count, slot_counts, started_at, state_entered_at, last_event_at, completed_at, updated_at,
                         dwell, location_cell, location_position, soak_started_at, soak_held_ms, soak_retest, hold_started_at,
                         hold_reason, hold_reason_code)
       SELECT r.serial, r.model, r.site_id, r.line_id, ARRAY(SELECT jsonb_array_elements_text(r.route::jsonb)), r.required_slots::jsonb,
              r.stage, r.status, r.held_stage, r.held_status, r.rework_count, r.failure_count, r.slot_counts::jsonb,
              r.started_at, r.state_entered_at, r.last_event_at, r.completed_at, now(),
              r.dwell::jsonb, r.location_cell, r.location_position, r.soak_started_at, r.soak_held_ms, r.soak_retest,
              r.hold_started_at, r.hold_reason, r.hold_reason_code
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::int[], $12::int[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[],
                     $17::timestamptz[], $18::text[], $19::text[], $20::int[], $21::timestamptz[], $22::bigint[], $23::boolean[],
                     $24::timestamptz[], $25::text[], $26::text[])
              AS r(serial, model, site_id, line_id, route, required_slots, stage, status, held_stage, held_status, rework_count,
                   failure_count, slot_counts, started_at, state_entered_at, last_event_at, completed_at,
                   dwell, location_cell, location_position, soak_started_at, soak_held_ms, soak_retest, hold_started_at,
                   hold_reason, hold_reason_code)
       ON CONFLICT (serial) DO UPDATE SET
         stage = EXCLUDED.stage, status = EXCLUDED.status, held_stage = EXCLUDED.held_stage,
         held_status = EXCLUDED.held_status, rework_count = EXCLUDED.rework_count,
         failure_count = EXCLUDED.failure_count, slot_counts = EXCLUDED.slot_counts,
         state_entered_at = EXCLUDED.state_entered_at, last_event_at = EXCLUDED.last_event_at,
         completed_at = EXCLUDED.completed_at, updated_at = now(),
         location_cell = EXCLUDED.location_cell, location_position = EXCLUDED.location_position,
         soak_started_at = EXCLUDED.soak_started_at, soak_held_ms = EXCLUDED.soak_held_ms,
         soak_retest = EXCLUDED.soak_retest, hold_started_at = EXCLUDED.hold_started_at,
         hold_reason = EXCLUDED.hold_reason, hold_reason_code = EXCLUDED.hold_reason_code`,
      parameters: columns,
    };
  }
}
