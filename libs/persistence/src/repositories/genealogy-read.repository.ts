import type { ComponentStay } from '#domain';
import type { Queryable } from './queryable.js';
import { SqlConditions, type SqlQuery } from './sql-conditions.js';

/** One stay of a component in a rack (a `component_install` row), shaped for reading. */
export interface ComponentStayRecord extends ComponentStay {
  id: string;
  rackSerial: string;
}

/** The station event behind an install, a removal or a failure. */
export interface GenealogyEventRecord {
  eventId: string;
  type: string;
  stage: string;
  stationId: string;
  operatorId: string | null;
  occurredAt: Date;
  kafkaPartition: number;
  kafkaOffset: string;
}

/** A stay of the component with the rack it was in, as that rack stands now. */
export interface WhereUsedRecord extends ComponentStayRecord {
  rackModel: string;
  rackStage: string;
  rackStatus: string;
  rackCompletedAt: Date | null;
}

export interface ComponentFailureReadRecord {
  eventId: string;
  rackSerial: string;
  componentSerial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  stage: string;
  stationId: string;
  occurredAt: Date;
}

export interface MeasurementRecord {
  eventId: string;
  stage: string;
  name: string;
  value: number;
  unit: string;
  low: number | null;
  high: number | null;
  passed: boolean;
  occurredAt: Date;
}

/**
 * Filters on parts, combined with AND (part number exact, lot and supplier whatever their case); at least one must be given (the caller checks). `siteId`
 * narrows them to racks of that site, but is no filter on its own: a site's racks are the rack list, not a trace.
 */
export interface TraceFilter {
  partNumber?: string;
  lot?: string;
  supplierId?: string;
  siteId?: string;
}

export interface TracePartRecord {
  componentSerial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  parentSerial: string | null;
  /** ISO text as PostgreSQL's JSON renders it. */
  installedAt: string;
  removedAt: string | null;
}

export interface TraceRackRecord {
  rackSerial: string;
  model: string;
  siteId: string;
  lineId: string;
  stage: string;
  status: string;
  completedAt: Date | null;
  parts: TracePartRecord[];
}

export interface TraceSummaryRecord {
  racks: number;
  shipped: number;
  scrapped: number;
  /** Racks that still hold at least one matching part. */
  holding: number;
  parts: number;
  partsInstalled: number;
  /** Matching parts still in their rack; with `removed`, adds up to `parts`. */
  installedNow: number;
  /** Matching parts taken out of the rack they are listed under. */
  removed: number;
}

const STAY_COLUMNS = `c.id, c.component_serial AS "componentSerial", c.rack_serial AS "rackSerial", c.part_number AS "partNumber",
  c.kind, c.supplier_id AS "supplierId", c.lot, c.parent_serial AS "parentSerial", c.installed_event_id AS "installedEventId",
  c.installed_at AS "installedAt", c.removed_event_id AS "removedEventId", c.removed_at AS "removedAt"`;

function traceConditions(filter: TraceFilter): SqlConditions {
  const sql = new SqlConditions().equal([['part_number', filter.partNumber]]);
  // Lots and supplier ids are matched whatever their case: a lot typed from a label in lower case is the same
  // lot. The *_ci_rack indexes hold lower(column) for exactly these conditions.
  if (filter.lot !== undefined) sql.add(`lower(lot) = lower(${sql.bind(filter.lot)})`);
  if (filter.supplierId !== undefined) sql.add(`lower(supplier_id) = lower(${sql.bind(filter.supplierId)})`);
  if (sql.isEmpty) throw new Error('a trace needs at least one of partNumber, lot, supplierId');
  if (filter.siteId !== undefined) {
    sql.add(`rack_serial IN (SELECT serial FROM rack WHERE site_id = ${sql.bind(filter.siteId)})`);
  }
  return sql;
}

/**
 * One page of racks that hold or held matching parts, in rack serial order after `afterRack`. The
 * (filter column, rack_serial) indexes deliver matches grouped by rack, so the aggregate stops after `limit`
 * racks instead of visiting every match of a common part number.
 */
export function tracePageQuery(
  filter: TraceFilter,
  page: { afterRack: string | null; limit: number },
): SqlQuery {
  const sql = traceConditions(filter);
  if (page.afterRack !== null) sql.add(`rack_serial > ${sql.bind(page.afterRack)}`);
  return {
    text: `WITH hits AS (
             SELECT rack_serial,
                    json_agg(json_build_object('componentSerial', component_serial, 'partNumber', part_number, 'kind', kind,
                             'supplierId', supplier_id, 'lot', lot, 'parentSerial', parent_serial,
                             'installedAt', installed_at, 'removedAt', removed_at) ORDER BY installed_at, id) AS parts
               FROM component_install
              WHERE ${sql.joined()}
              GROUP BY rack_serial
              ORDER BY rack_serial
              LIMIT ${sql.bind(page.limit)})
           SELECT r.serial AS "rackSerial", r.model, r.site_id AS "siteId", r.line_id AS "lineId", r.stage, r.status,
                  r.completed_at AS "completedAt", h.parts
             FROM hits h JOIN rack r ON r.serial = h.rack_serial
            ORDER BY r.serial`,
    values: sql.values,
  };
}

export function traceSummaryQuery(filter: TraceFilter): SqlQuery {
  const sql = traceConditions(filter);
  return {
    text: `SELECT count(*)::int AS racks,
                  count(*) FILTER (WHERE r.status = 'shipped')::int AS shipped,
                  count(*) FILTER (WHERE r.status = 'scrapped')::int AS scrapped,
                  count(*) FILTER (WHERE h.installed > 0)::int AS holding,
                  coalesce(sum(h.parts), 0)::int AS parts,
                  coalesce(sum(h.installed), 0)::int AS "partsInstalled",
                  coalesce(sum(h.installed), 0)::int AS "installedNow",
                  coalesce(sum(h.parts - h.installed), 0)::int AS removed
             FROM (SELECT rack_serial, count(*) AS parts, count(*) FILTER (WHERE removed_at IS NULL) AS installed
                     FROM component_install
                    WHERE ${sql.joined()}
                    GROUP BY rack_serial) h
             JOIN rack r ON r.serial = h.rack_serial`,
    values: sql.values,
  };
}

/** Read side of the as-built genealogy, for the API; the tracker writes installs and failures. */
export class GenealogyReadRepository {
  constructor(private readonly db: Queryable) {}

  /** Every stay of every component the rack ever held, in install order. */
  async findRackStays(rackSerial: string): Promise<ComponentStayRecord[]> {
    return this.db.query<ComponentStayRecord[]>(
      `SELECT ${STAY_COLUMNS} FROM component_install c WHERE c.rack_serial = $1 ORDER BY c.installed_at, c.id`,
      [rackSerial],
    );
  }

  /** Every rack the component was ever in, oldest stay first, with each rack's current state. */
  async findWhereUsed(componentSerial: string): Promise<WhereUsedRecord[]> {
    return this.db.query<WhereUsedRecord[]>(
      `SELECT ${STAY_COLUMNS}, r.model AS "rackModel", r.stage AS "rackStage", r.status AS "rackStatus",
              r.completed_at AS "rackCompletedAt"
         FROM component_install c JOIN rack r ON r.serial = c.rack_serial
        WHERE c.component_serial = $1
        ORDER BY c.installed_at, c.id`,
      [componentSerial],
    );
  }

  async findFailures(componentSerial: string): Promise<ComponentFailureReadRecord[]> {
    return this.db.query<ComponentFailureReadRecord[]>(
      `SELECT event_id AS "eventId", rack_serial AS "rackSerial", component_serial AS "componentSerial",
              part_number AS "partNumber", kind, supplier_id AS "supplierId", lot, stage, station_id AS "stationId",
              occurred_at AS "occurredAt"
         FROM component_failure WHERE component_serial = $1 ORDER BY occurred_at, id`,
      [componentSerial],
    );
  }

  /** Station events by id; events of one rack come back in Kafka order, the order of truth. */
  async findEvents(eventIds: readonly string[]): Promise<GenealogyEventRecord[]> {
    if (eventIds.length === 0) return [];
    return this.db.query<GenealogyEventRecord[]>(
      `SELECT event_id AS "eventId", type, stage, station_id AS "stationId", operator_id AS "operatorId",
              occurred_at AS "occurredAt", kafka_partition AS "kafkaPartition", kafka_offset AS "kafkaOffset"
         FROM recorded_station_event WHERE event_id = ANY($1::uuid[])
        ORDER BY kafka_partition, kafka_offset`,
      [[...new Set(eventIds)]],
    );
  }

  /** Measurements taken by the given events of the given racks (the rack narrows the index range). */
  async findMeasurements(
    rackSerials: readonly string[],
    eventIds: readonly string[],
  ): Promise<MeasurementRecord[]> {
    if (eventIds.length === 0) return [];
    return this.db.query<MeasurementRecord[]>(
      `SELECT event_id AS "eventId", stage, name, value, unit, low, high, passed, occurred_at AS "occurredAt"
         FROM test_measurement
        WHERE rack_serial = ANY($1::text[]) AND event_id = ANY($2::uuid[])
        ORDER BY occurred_at, id`,
      [[...new Set(rackSerials)], [...new Set(eventIds)]],
    );
  }

  async trace(
    filter: TraceFilter,
    page: { afterRack: string | null; limit: number },
  ): Promise<TraceRackRecord[]> {
    const query = tracePageQuery(filter, page);
    return this.db.query<TraceRackRecord[]>(query.text, query.values);
  }

  async traceSummary(filter: TraceFilter): Promise<TraceSummaryRecord> {
    const query = traceSummaryQuery(filter);
    const rows = await this.db.query<TraceSummaryRecord[]>(query.text, query.values);
    return rows[0]!;
  }
}
