import type { Queryable } from './queryable.js';
import { rackOnTheLine } from './rack-on-line.js';

/** Racks at one (stage, status) that have not finished (shipped) or left (scrapped) the line. */
export interface WipCountRow {
  stage: string;
  status: string;
  count: number;
}

/** The rack that has been at a stage longest (since its first transition into the stage). */
export interface OldestAtStageRow {
  stage: string;
  serial: string;
  status: string;
  enteredStageAt: Date;
  stateEnteredAt: Date;
}

/** Time from a rack's first `started` at a stage to its pass there, over the passes in a window. */
export interface CycleTimeRow {
  stage: string;
  count: number;
  p50Seconds: number;
  p90Seconds: number;
}

export interface StageCountRow {
  stage: string;
  count: number;
}

export interface ReasonCountRow {
  reason: string;
  count: number;
}

/**
 * Read side of the line's status for shift managers (WIP, ages, cycle times, rework, refusals, completions),
 * next to ThroughputRepository's counts for the throughput maths. SQL only: percentiles are Postgres'
 * `percentile_cont`; everything else is counted here and judged in the domain.
 */
export class LineStatusRepository {
  constructor(private readonly db: Queryable) {}

  async hasRacks(siteId: string): Promise<boolean> {
    const [row] = await this.db.query<{ found: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM rack WHERE site_id = $1) AS found',
      [siteId],
    );
    return row?.found ?? false;
  }

  /** When each rack of the site that completed its route within [from, until) did so, oldest first. */
  async completionTimes(siteId: string, from: Date, until: Date): Promise<Date[]> {
    const rows = await this.db.query<{ completedAt: Date }[]>(
      `SELECT completed_at AS "completedAt" FROM rack
        WHERE site_id = $1 AND status = 'shipped' AND completed_at >= $2 AND completed_at < $3
        ORDER BY completed_at`,
      [siteId, from, until],
    );
    return rows.map((row) => row.completedAt);
  }

  async wipCounts(siteId: string): Promise<WipCountRow[]> {
    return this.db.query<WipCountRow[]>(
      `SELECT stage, status, count(*)::int AS count FROM rack
        WHERE site_id = $1 AND ${rackOnTheLine()}
        GROUP BY stage, status ORDER BY stage, status`,
      [siteId],
    );
  }

  /** Per stage, the unfinished rack that entered it first; ties broken by serial so the answer is stable. */
  async oldestAtEachStage(siteId: string): Promise<OldestAtStageRow[]> {
    return this.db.query<OldestAtStageRow[]>(
      `SELECT DISTINCT ON (r.stage) r.stage, r.serial, r.status,
              COALESCE(entered.at, r.state_entered_at) AS "enteredStageAt", r.state_entered_at AS "stateEnteredAt"
         FROM rack r
         LEFT JOIN LATERAL (
           SELECT min(t.occurred_at) AS at FROM rack_transition t
            WHERE t.rack_serial = r.serial AND t.to_stage = r.stage
         ) entered ON true
        WHERE r.site_id = $1 AND ${rackOnTheLine('r')}
        ORDER BY r.stage, COALESCE(entered.at, r.state_entered_at), r.serial`,
      [siteId],
    );
  }

  /**
   * For passes (`passed`/`completed`) at each stage within [from, until): seconds since the rack first
   * `started` there, so rework loops and holds on the way count, as a manager waiting for the rack sees it.
   */
  async cycleTimes(siteId: string, from: Date, until: Date): Promise<CycleTimeRow[]> {
    return this.db.query<CycleTimeRow[]>(
      `SELECT p.stage, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY spans.seconds) AS "p50Seconds",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY spans.seconds) AS "p90Seconds"
         FROM rack_transition p
         JOIN LATERAL (
           SELECT GREATEST(0, extract(epoch FROM p.occurred_at - min(t.occurred_at)))::float8 AS seconds
             FROM rack_transition t
            WHERE t.rack_serial = p.rack_serial AND t.stage = p.stage AND t.event_type = 'started' AND t.id < p.id
           HAVING min(t.occurred_at) IS NOT NULL
         ) spans ON true
        WHERE p.site_id = $1 AND p.event_type IN ('passed', 'completed') AND p.occurred_at >= $2 AND p.occurred_at < $3
        GROUP BY p.stage`,
      [siteId, from, until],
    );
  }

  /** Rework loops begun at each stage within [from, until). */
  async reworkStarts(siteId: string, from: Date, until: Date): Promise<StageCountRow[]> {
    return this.db.query<StageCountRow[]>(
      `SELECT stage, count(*)::int AS count FROM rack_transition
        WHERE site_id = $1 AND event_type = 'rework_started' AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY stage`,
      [siteId, from, until],
    );
  }

  /**
   * Refused events per reason recorded within [from, until), for the site of the station that posted them.
   * A malformed message names no station, so it belongs to no site and is not counted here.
   */
  async rejectionsByReason(siteId: string, from: Date, until: Date): Promise<ReasonCountRow[]> {
    return this.db.query<ReasonCountRow[]>(
      `SELECT reason, count(*)::int AS count FROM rejection
        WHERE recorded_at >= $2 AND recorded_at < $3 AND payload -> 'station' ->> 'siteId' = $1
        GROUP BY reason ORDER BY count(*) DESC, reason`,
      [siteId, from, until],
    );
  }
}
