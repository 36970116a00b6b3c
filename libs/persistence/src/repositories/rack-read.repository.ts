import type { StageDwell } from '#domain';
import { SqlConditions, type SqlQuery } from './sql-conditions.js';
import type { Queryable } from './queryable.js';

/** A rack's current row, shaped for reading (camelCase, nothing derived). */
export interface RackRecord {
  serial: string;
  model: string;
  siteId: string;
  lineId: string;
  route: string[];
  requiredSlots: Record<string, number>;
  stage: string;
  status: string;
  heldStage: string | null;
  heldStatus: string | null;
  reworkCount: number;
  failureCount: number;
  slotCounts: Record<string, number>;
  startedAt: Date;
  stateEnteredAt: Date;
  lastEventAt: Date;
  completedAt: Date | null;
  dwell: Record<string, StageDwell>;
  locationCell: string | null;
  locationPosition: number | null;
  soakStartedAt: Date | null;
  // bigint: node-postgres hands it over as a string.
  soakHeldMs: string;
  soakRetest: boolean;
  holdStartedAt: Date | null;
  holdReason: string | null;
  holdReasonCode: string | null;
}

/** One row of a rack's history. */
export interface RackHistoryRecord {
  id: string;
  eventId: string;
  eventType: string;
  stage: string;
  stationId: string;
  fromStage: string | null;
  fromStatus: string | null;
  toStage: string;
  toStatus: string;
  occurredAt: Date;
  recordedAt: Date;
  locationCell: string | null;
  locationPosition: number | null;
  reason: string | null;
  reasonCode: string | null;
}

/** Every field is an exact match except `serialPrefix`; absent fields do not filter. */
export interface RackListFilter {
  stage?: string;
  status?: string;
  siteId?: string;
  lineId?: string;
  model?: string;
  serialPrefix?: string;
}

/** Keyset position: rows strictly after `afterSerial` in serial order. */
export interface RackListPage {
  afterSerial: string | null;
  limit: number;
}

const RACK_COLUMNS = `serial, model, site_id AS "siteId", line_id AS "lineId", route, required_slots AS "requiredSlots",
  stage, status, held_stage AS "heldStage", held_status AS "heldStatus", rework_count AS "reworkCount",
  failure_count AS "failureCount", slot_counts AS "slotCounts", started_at AS "startedAt",
  state_entered_at AS "stateEnteredAt", last_event_at AS "lastEventAt", completed_at AS "completedAt",
  dwell, location_cell AS "locationCell", location_position AS "locationPosition", soak_started_at AS "soakStartedAt",
  soak_held_ms AS "soakHeldMs", soak_retest AS "soakRetest", hold_started_at AS "holdStartedAt",
  hold_reason AS "holdReason", hold_reason_code AS "holdReasonCode"`;

/**
 * Builds the list query from only the filters given, every value bound as a parameter. Keyset on the primary
 * key rather than OFFSET, so a page costs the same at rack 50 as at rack 50,000 and rows arriving meanwhile
 * cause neither duplicates nor gaps.
 */
export function rackListQuery(filter: RackListFilter, page: RackListPage): SqlQuery {
  const sql = new SqlConditions().equal([
    ['stage', filter.stage],
    ['status', filter.status],
    ['site_id', filter.siteId],
    ['line_id', filter.lineId],
    ['model', filter.model],
  ]);
  // starts_with, not LIKE: a serial may contain `_`, which LIKE would read as a wildcard.
  if (filter.serialPrefix !== undefined) sql.add(`starts_with(serial, ${sql.bind(filter.serialPrefix)})`);
  if (page.afterSerial !== null) sql.add(`serial > ${sql.bind(page.afterSerial)}`);
  return {
    text: `SELECT ${RACK_COLUMNS} FROM rack${sql.where()} ORDER BY serial LIMIT ${sql.bind(page.limit)}`,
    values: sql.values,
  };
}

/** Read side of racks and their history, for the API; the tracker writes through RackRepository. */
export class RackReadRepository {
  constructor(private readonly db: Queryable) {}

  async findBySerial(serial: string): Promise<RackRecord | null> {
    const rows = await this.db.query<RackRecord[]>(`SELECT ${RACK_COLUMNS} FROM rack WHERE serial = $1`, [
      serial,
    ]);
    return rows[0] ?? null;
  }

  /** Oldest first by id, which follows Kafka order; occurredAt is the terminal's clock and may disagree. */
  async findHistory(serial: string): Promise<RackHistoryRecord[]> {
    return this.db.query<RackHistoryRecord[]>(
      `SELECT id, event_id AS "eventId", event_type AS "eventType", stage, station_id AS "stationId",
              from_stage AS "fromStage", from_status AS "fromStatus", to_stage AS "toStage", to_status AS "toStatus",
              occurred_at AS "occurredAt", recorded_at AS "recordedAt", location_cell AS "locationCell",
              location_position AS "locationPosition", reason, reason_code AS "reasonCode"
         FROM rack_transition WHERE rack_serial = $1 ORDER BY id`,
      [serial],
    );
  }

  async list(filter: RackListFilter, page: RackListPage): Promise<RackRecord[]> {
    const query = rackListQuery(filter, page);
    return this.db.query<RackRecord[]>(query.text, query.values);
  }
}
