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

/** Read side of test outcomes: failed components, failed measurements and first-pass yield. */
export class QualityReadRepository {
  constructor(private readonly db: Queryable) {}

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
