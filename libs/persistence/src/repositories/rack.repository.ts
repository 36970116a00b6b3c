import type { ComponentKind, RackState, RackStatus } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

interface RackRow {
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
}

/** A rack as stored: the domain state plus where it is built and when it started and finished. */
export interface StoredRack {
  state: RackState;
  siteId: string;
  lineId: string;
  startedAt: Date;
  completedAt: Date | null;
}

function toStoredRack(row: RackRow): StoredRack {
  return {
    state: {
      serial: row.serial,
      model: row.model,
      route: { model: row.model, stages: row.route, requiredSlots: row.required_slots },
      stage: row.stage,
      status: row.status,
      held: row.held_stage && row.held_status ? { stage: row.held_stage, status: row.held_status } : null,
      reworkCount: row.rework_count,
      failureCount: row.failure_count,
      slotCounts: row.slot_counts,
      stateEnteredAt: row.state_entered_at,
      lastEventAt: row.last_event_at,
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

  /** Inserts new racks and overwrites the mutable state of existing ones; identity columns never change. */
  async upsertMany(db: Queryable, racks: readonly StoredRack[]): Promise<void> {
    if (racks.length === 0) return;
    const rows = racks.map(({ state, siteId, lineId, startedAt, completedAt }) => ({
      serial: state.serial,
      model: state.model,
      site_id: siteId,
      line_id: lineId,
      route: state.route.stages,
      required_slots: state.route.requiredSlots,
      stage: state.stage,
      status: state.status,
      held_stage: state.held?.stage ?? null,
      held_status: state.held?.status ?? null,
      rework_count: state.reworkCount,
      failure_count: state.failureCount,
      slot_counts: state.slotCounts,
      started_at: startedAt,
      state_entered_at: state.stateEnteredAt,
      last_event_at: state.lastEventAt,
      completed_at: completedAt,
    }));
    await db.query(
      `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, held_stage, held_status,
                         rework_count, failure_count, slot_counts, started_at, state_entered_at, last_event_at, completed_at, updated_at)
       SELECT r.serial, r.model, r.site_id, r.line_id, ARRAY(SELECT jsonb_array_elements_text(r.route)), r.required_slots,
              r.stage, r.status, r.held_stage, r.held_status, r.rework_count, r.failure_count, r.slot_counts,
              r.started_at, r.state_entered_at, r.last_event_at, r.completed_at, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(serial text, model text, site_id text, line_id text, route jsonb,
              required_slots jsonb, stage text, status text, held_stage text, held_status text, rework_count int,
              failure_count int, slot_counts jsonb, started_at timestamptz, state_entered_at timestamptz,
              last_event_at timestamptz, completed_at timestamptz)
       ON CONFLICT (serial) DO UPDATE SET
         stage = EXCLUDED.stage, status = EXCLUDED.status, held_stage = EXCLUDED.held_stage,
         held_status = EXCLUDED.held_status, rework_count = EXCLUDED.rework_count,
         failure_count = EXCLUDED.failure_count, slot_counts = EXCLUDED.slot_counts,
         state_entered_at = EXCLUDED.state_entered_at, last_event_at = EXCLUDED.last_event_at,
         completed_at = EXCLUDED.completed_at, updated_at = now()`,
      [asJsonRows(rows)],
    );
  }
}
