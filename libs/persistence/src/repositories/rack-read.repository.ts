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

/**
 * Every field is an exact match except `serialPrefix` (a literal prefix) and `serialContains` (any part of the
 * serial, literally, whatever its case); absent fields do not filter.
 */
export interface RackListFilter {
  stage?: string;
  status?: string;
  siteId?: string;
  lineId?: string;
  model?: string;
  serialPrefix?: string;
  serialContains?: string;
}

/** A code a failed event reported, as the tracker recorded it with its disposition. */
export interface RackFailureCodeRecord {
  code: string;
  componentSerial: string | null;
  message: string | null;
}

/** A measurement a station took, with its limits. */
export interface RackMeasurementRecord {
  eventId: string;
  /** ISO text when it comes through PostgreSQL's JSON (a failure's measurements), a Date otherwise. */
  occurredAt: Date | string;
  stage: string;
  name: string;
  value: number;
  unit: string;
  low: number | null;
  high: number | null;
  passed: boolean;
}

/** A `failed` transition of the rack, with the codes and measurements its event carried. */
export interface RackFailureRecord {
  eventId: string;
  occurredAt: Date;
  stage: string;
  stationId: string;
  codes: RackFailureCodeRecord[];
  measurements: RackMeasurementRecord[];
}

/** `text` as a LIKE pattern matching itself anywhere: `\`, `%` and `_` are escaped, so they match only themselves. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
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
  // Only shipping sets completed_at: for any other status, saying so lets rack_site_completed_idx serve a site's
  // list from its open racks alone.
  if (filter.status !== undefined && filter.status !== 'shipped') sql.add('completed_at IS NULL');
  // starts_with, not LIKE: a serial may contain `_`, which LIKE would read as a wildcard.
  if (filter.serialPrefix !== undefined) sql.add(`starts_with(serial, ${sql.bind(filter.serialPrefix)})`);
  // Case-blind LIKE with every wildcard escaped (backslash is PostgreSQL's default LIKE escape), written on
  // lower(serial) so rack_serial_lower_trgm_idx serves it (an index on serial itself misled the tracker's lookups).
  if (filter.serialContains !== undefined) {
    sql.add(`lower(serial) LIKE lower(${sql.bind(likeContaining(filter.serialContains))})`);
  }
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

  /** The rack's failed events in Kafka order, each with its codes and measurements: one query, however many. */
  async findFailures(serial: string): Promise<RackFailureRecord[]> {
    return this.db.query<RackFailureRecord[]>(
      `SELECT t.event_id AS "eventId", t.occurred_at AS "occurredAt", t.stage, t.station_id AS "stationId",
              coalesce((SELECT json_agg(json_build_object('code', d.code, 'componentSerial', d.component_serial,
                                                          'message', d.message) ORDER BY d.failure_index)
                          FROM failure_disposition d WHERE d.event_id = t.event_id), '[]'::json) AS codes,
              coalesce((SELECT json_agg(json_build_object('eventId', m.event_id, 'occurredAt', m.occurred_at,
                                                          'stage', m.stage, 'name', m.name, 'value', m.value,
                                                          'unit', m.unit, 'low', m.low, 'high', m.high,
                                                          'passed', m.passed) ORDER BY m.id)
                          FROM test_measurement m
                         WHERE m.rack_serial = t.rack_serial AND m.event_id = t.event_id), '[]'::json) AS measurements
         FROM rack_transition t
        WHERE t.rack_serial = $1 AND t.event_type = 'failed'
        ORDER BY t.id`,
      [serial],
    );
  }

  /** The rack's latest `limit` measurements, oldest first. */
  async findMeasurements(serial: string, limit: number): Promise<RackMeasurementRecord[]> {
    return this.db.query<RackMeasurementRecord[]>(
      `SELECT "eventId", "occurredAt", stage, name, value, unit, low, high, passed
         FROM (SELECT id, event_id AS "eventId", occurred_at AS "occurredAt", stage, name, value, unit, low, high, passed
                 FROM test_measurement WHERE rack_serial = $1
                ORDER BY occurred_at DESC, id DESC LIMIT $2) latest
        ORDER BY "occurredAt", id`,
      [serial, limit],
    );
  }

  /** The rack site's time zone (null: the site has no shift calendar) and whether a passport was sealed. */
  async findPageFacts(
    serial: string,
    siteId: string | null,
  ): Promise<{ timeZone: string | null; hasPassport: boolean }> {
    const rows = await this.db.query<{ timeZone: string | null; hasPassport: boolean }[]>(
      `SELECT (SELECT time_zone FROM site_target WHERE site_id = $2) AS "timeZone",
              EXISTS (SELECT 1 FROM rack_passport WHERE rack_serial = $1) AS "hasPassport"`,
      [serial, siteId],
    );
    return rows[0] ?? { timeZone: null, hasPassport: false };
  }

  async list(filter: RackListFilter, page: RackListPage): Promise<RackRecord[]> {
    const query = rackListQuery(filter, page);
    return this.db.query<RackRecord[]>(query.text, query.values);
  }
}
