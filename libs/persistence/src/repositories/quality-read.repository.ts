import type { FailureGroup, FirstOutcomeGroup } from '#domain';
import type { Queryable } from './queryable.js';

export type ComponentFailureGrouping = 'partNumber' | 'supplier' | 'lot';

/** Failures of one group in a window; `label` adds what the key alone does not say. */
export type FailureGroupRecord = FailureGroup;

/**
 * Racks grouped by how their first test outcome at a stage went and how many outcomes that stage saw:
 * one row per (stage, model, first outcome, attempts), counting racks. The domain's firstPassYield reads it.
 */
export type FirstOutcomeRecord = FirstOutcomeGroup;

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** A window of time, narrowed to the racks of one site when `siteId` is given. */
export interface QualityScope extends TimeWindow {
  siteId?: string;
}

/** A quality scope narrowed to some stages when `stages` is given (the yield-drop rule's, say). */
export interface FirstOutcomeScope extends QualityScope {
  stages?: readonly string[];
}

// An event at a stage that ends its test: the rack passed it (`passed`, or `completed`) or failed it.
const OUTCOME_EVENTS = `('passed', 'completed', 'failed')`;

/** `AND <rackSerial> is a rack of the site`, binding the site as $3 after the window's $1 and $2; or nothing. */
function siteCondition(rackSerial: string, scope: QualityScope): string {
  return scope.siteId === undefined
    ? ''
    : `AND ${rackSerial} IN (SELECT serial FROM rack WHERE site_id = $3)`;
}

function scopeValues(scope: QualityScope): unknown[] {
  return scope.siteId === undefined ? [scope.from, scope.to] : [scope.from, scope.to, scope.siteId];
}

/** Component failures grouped one way; `site` is a `siteCondition` on `f.rack_serial`, or ''. */
function componentGroupsSql(grouping: ComponentFailureGrouping, site: string): string {
  switch (grouping) {
    case 'partNumber':
      return `SELECT f.part_number AS key, count(*)::int AS failures, count(DISTINCT f.rack_serial)::int AS racks,
                     min(f.kind) AS label, NULL AS country, NULL::text[] AS "partNumbers"
                FROM component_failure f
               WHERE f.occurred_at >= $1 AND f.occurred_at < $2 ${site}
               GROUP BY f.part_number`;
    case 'supplier':
      return `SELECT f.supplier_id AS key, count(*)::int AS failures, count(DISTINCT f.rack_serial)::int AS racks,
                     min(s.name) AS label, min(s.country) AS country, NULL::text[] AS "partNumbers"
                FROM component_failure f LEFT JOIN supplier s ON s.supplier_id = f.supplier_id
               WHERE f.occurred_at >= $1 AND f.occurred_at < $2 ${site}
               GROUP BY f.supplier_id`;
    case 'lot':
      // A lot is named by its supplier, so two suppliers' lots of the same name are different lots.
      return `SELECT f.lot AS key, count(*)::int AS failures, count(DISTINCT f.rack_serial)::int AS racks,
                     f.supplier_id AS label, NULL AS country,
                     array_agg(DISTINCT f.part_number ORDER BY f.part_number) AS "partNumbers"
                FROM component_failure f
               WHERE f.occurred_at >= $1 AND f.occurred_at < $2 ${site}
               GROUP BY f.lot, f.supplier_id`;
  }
}

/** One supplier's quality over a window (GET /v1/quality/suppliers). */
export interface SupplierQualityRecord {
  supplierId: string;
  name: string | null;
  country: string | null;
  installed: number;
  failed: number;
  returnsOpen: number;
  returnsConfirmed: number;
  returnsNoFaultFound: number;
  topCodes: { code: string; failures: number }[];
}

/** Installs and failed parts of one lot, for the lot-escape rule. */
export interface LotFailureRecord {
  supplierId: string;
  lot: string;
  partNumber: string;
  installed: number;
  failed: number;
}

/** A rack that holds (or held) parts of a lot, and whether it has shipped. */
export interface LotHolderRecord {
  supplierId: string;
  lot: string;
  rackSerial: string;
  shipped: boolean;
}

/** Read side of test outcomes: failed components, failed measurements and first-pass yield. */
export class QualityReadRepository {
  constructor(private readonly db: Queryable) {}

  /** Failure codes, most frequent first; `label` is the action they were most often dispositioned to. */
  async codeFailureGroups(scope: QualityScope): Promise<FailureGroupRecord[]> {
    const site = scope.siteId === undefined ? '' : 'AND d.site_id = $3';
    return this.db.query<FailureGroupRecord[]>(
      `SELECT d.code AS key, count(*)::int AS failures, count(DISTINCT d.rack_serial)::int AS racks,
              mode() WITHIN GROUP (ORDER BY d.action) AS label, NULL AS country,
              array_agg(DISTINCT d.part_number ORDER BY d.part_number) FILTER (WHERE d.part_number IS NOT NULL) AS "partNumbers"
         FROM failure_disposition d
        WHERE d.occurred_at >= $1 AND d.occurred_at < $2 ${site}
        GROUP BY d.code
        ORDER BY failures DESC, key`,
      scopeValues(scope),
    );
  }

  /**
   * Per supplier with parts installed, failed or returned in the window: installs, parts that failed (distinct
   * serials), returns by outcome, and the three most frequent failure codes on its parts.
   */
  async supplierQuality(scope: QualityScope): Promise<SupplierQualityRecord[]> {
    const installSite = siteCondition('i.rack_serial', scope);
    const failureSite = siteCondition('f.rack_serial', scope);
    const returnSite = scope.siteId === undefined ? '' : 'AND r.site_id = $3';
    const codeSite = scope.siteId === undefined ? '' : 'AND d.site_id = $3';
    return this.db.query<SupplierQualityRecord[]>(
      `WITH installed AS (
         SELECT i.supplier_id, count(*)::int AS n FROM component_install i
          WHERE i.installed_at >= $1 AND i.installed_at < $2 ${installSite} GROUP BY 1
       ), failed AS (
         SELECT f.supplier_id, count(DISTINCT f.component_serial)::int AS n FROM component_failure f
          WHERE f.occurred_at >= $1 AND f.occurred_at < $2 ${failureSite} GROUP BY 1
       ), returns AS (
         SELECT r.supplier_id, count(*) FILTER (WHERE r.status = 'open')::int AS open,
                count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
                count(*) FILTER (WHERE r.status = 'no_fault_found')::int AS nff
           FROM supplier_return r WHERE r.opened_at >= $1 AND r.opened_at < $2 ${returnSite} GROUP BY 1
       ), codes AS (
         SELECT supplier_id, jsonb_agg(jsonb_build_object('code', code, 'failures', n) ORDER BY n DESC, code) AS top
           FROM (SELECT d.supplier_id, d.code, count(*)::int AS n,
                        row_number() OVER (PARTITION BY d.supplier_id ORDER BY count(*) DESC, d.code) AS rank
                   FROM failure_disposition d
                  WHERE d.supplier_id IS NOT NULL AND d.occurred_at >= $1 AND d.occurred_at < $2 ${codeSite}
                  GROUP BY d.supplier_id, d.code) ranked
          WHERE rank <= 3 GROUP BY supplier_id
       ), suppliers AS (
         SELECT supplier_id FROM installed UNION SELECT supplier_id FROM failed UNION SELECT supplier_id FROM returns
       )
       SELECT x.supplier_id AS "supplierId", s.name, s.country, COALESCE(i.n, 0) AS installed,
              COALESCE(f.n, 0) AS failed, COALESCE(r.open, 0) AS "returnsOpen",
              COALESCE(r.confirmed, 0) AS "returnsConfirmed", COALESCE(r.nff, 0) AS "returnsNoFaultFound",
              COALESCE(c.top, '[]'::jsonb) AS "topCodes"
         FROM suppliers x
         LEFT JOIN supplier s ON s.supplier_id = x.supplier_id
         LEFT JOIN installed i ON i.supplier_id = x.supplier_id
         LEFT JOIN failed f ON f.supplier_id = x.supplier_id
         LEFT JOIN returns r ON r.supplier_id = x.supplier_id
         LEFT JOIN codes c ON c.supplier_id = x.supplier_id
        ORDER BY failed DESC, installed DESC, "supplierId"`,
      scopeValues(scope),
    );
  }

  /**
   * Every lot installed at the site since `since`: how many of its parts were installed there and how many of
   * those failed (distinct serials). A lot is named by its supplier.
   */
  async lotFailures(siteId: string, since: Date): Promise<LotFailureRecord[]> {
    return this.db.query<LotFailureRecord[]>(
      `SELECT i.supplier_id AS "supplierId", i.lot, i.part_number AS "partNumber",
              count(DISTINCT i.component_serial)::int AS installed,
              count(DISTINCT f.component_serial)::int AS failed
         FROM component_install i
         JOIN rack r ON r.serial = i.rack_serial AND r.site_id = $1
         LEFT JOIN component_failure f ON f.component_serial = i.component_serial AND f.rack_serial = i.rack_serial
                                      AND f.occurred_at >= i.installed_at
        WHERE i.installed_at >= $2
        GROUP BY i.supplier_id, i.lot, i.part_number`,
      [siteId, since],
    );
  }

  /** Racks of the site that hold parts of these lots now, and whether each has shipped. */
  async lotHolders(
    siteId: string,
    lots: readonly { supplierId: string; lot: string }[],
  ): Promise<LotHolderRecord[]> {
    if (lots.length === 0) return [];
    return this.db.query<LotHolderRecord[]>(
      `SELECT DISTINCT i.supplier_id AS "supplierId", i.lot, i.rack_serial AS "rackSerial", r.status = 'shipped' AS shipped
         FROM component_install i
         JOIN rack r ON r.serial = i.rack_serial AND r.site_id = $1
         JOIN jsonb_to_recordset($2::jsonb) AS l("supplierId" text, lot text)
           ON l."supplierId" = i.supplier_id AND l.lot = i.lot
        WHERE i.removed_at IS NULL
        ORDER BY 1, 2, 3`,
      [siteId, JSON.stringify(lots)],
    );
  }

  async componentFailureGroups(
    grouping: ComponentFailureGrouping,
    scope: QualityScope,
  ): Promise<FailureGroupRecord[]> {
    const groups = componentGroupsSql(grouping, siteCondition('f.rack_serial', scope));
    return this.db.query<FailureGroupRecord[]>(`${groups} ORDER BY failures DESC, key`, scopeValues(scope));
  }

  /** Measurements outside their limits, by name (and unit, since one name measured in two units is two things). */
  async measurementFailureGroups(scope: QualityScope): Promise<FailureGroupRecord[]> {
    return this.db.query<FailureGroupRecord[]>(
      `SELECT m.name AS key, count(*)::int AS failures, count(DISTINCT m.rack_serial)::int AS racks, m.unit AS label,
              NULL AS country, NULL::text[] AS "partNumbers"
         FROM test_measurement m
        WHERE NOT m.passed AND m.occurred_at >= $1 AND m.occurred_at < $2 ${siteCondition('m.rack_serial', scope)}
        GROUP BY m.name, m.unit
        ORDER BY failures DESC, key`,
      scopeValues(scope),
    );
  }

  /**
   * For every (rack, stage) whose first test outcome (passed, completed or failed) fell in the window: whether
   * it passed and how many outcomes the stage has seen since, in Kafka order (transition ids). The one query
   * behind every first-pass yield: the quality panel, the status panel and the yield-drop alert. The site is
   * the one each outcome was recorded at (the tracker writes the rack's site on every transition); a rack the
   * transitions name but the rack table lacks still counts, under the model `unknown`.
   */
  async firstOutcomes(scope: FirstOutcomeScope): Promise<FirstOutcomeRecord[]> {
    if (scope.stages?.length === 0) return [];
    const values: unknown[] = [scope.from, scope.to];
    const site = scope.siteId === undefined ? '' : `AND t.site_id = $${values.push(scope.siteId)}`;
    const stages =
      scope.stages === undefined ? '' : `AND t.stage = ANY($${values.push(scope.stages)}::text[])`;
    return this.db.query<FirstOutcomeRecord[]>(
      `WITH tested AS (
         SELECT DISTINCT t.rack_serial FROM rack_transition t
          WHERE t.occurred_at >= $1 AND t.occurred_at < $2 AND t.event_type IN ${OUTCOME_EVENTS}
                ${stages} ${site}
       ), outcome AS (
         SELECT t.rack_serial, t.stage, t.event_type, t.occurred_at,
                row_number() OVER (PARTITION BY t.rack_serial, t.stage ORDER BY t.id) AS attempt,
                count(*) OVER (PARTITION BY t.rack_serial, t.stage) AS attempts
           FROM rack_transition t JOIN tested USING (rack_serial)
          WHERE t.event_type IN ${OUTCOME_EVENTS} ${stages}
       )
       SELECT o.stage, COALESCE(r.model, 'unknown') AS model, o.event_type <> 'failed' AS "passedFirstTime",
              o.attempts::int AS attempts, count(*)::int AS racks
         FROM outcome o LEFT JOIN rack r ON r.serial = o.rack_serial
        WHERE o.attempt = 1 AND o.occurred_at >= $1 AND o.occurred_at < $2
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4`,
      values,
    );
  }
}
