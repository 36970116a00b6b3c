import type { Queryable } from './queryable.js';

export interface CompletionCounts {
  completedThisWeek: number;
  completedInRunRateWindow: number;
}

export interface StageOutputRow {
  stage: string;
  passedThisWeek: number;
  passedInRunRateWindow: number;
}

export interface FirstPassRow {
  stage: string;
  tested: number;
  passedFirstTime: number;
}

export interface StuckRackRow {
  serial: string;
  stage: string;
  status: string;
  stateEnteredAt: Date;
}

// An event at a stage that ends its test: the rack passed it (`passed`, or `completed`) or failed it.
const PASS_EVENTS = ['passed', 'completed'];
const OUTCOME_EVENTS = ['passed', 'completed', 'failed'];

/** Read-only counts over racks and their history that the throughput maths needs; nothing is derived here. */
export class ThroughputRepository {
  constructor(private readonly db: Queryable) {}

  /** Racks whose route completed (status shipped) with completed_at in each half-open span. */
  async countCompletions(
    siteId: string,
    week: { from: Date; to: Date },
    runRate: { from: Date; to: Date },
  ): Promise<CompletionCounts> {
    const [row] = await this.db.query<CompletionCounts[]>(
      `SELECT count(*) FILTER (WHERE completed_at >= $2 AND completed_at < $3)::int AS "completedThisWeek",
              count(*) FILTER (WHERE completed_at >= $4 AND completed_at < $5)::int AS "completedInRunRateWindow"
         FROM rack
        WHERE site_id = $1 AND status = 'shipped' AND completed_at >= LEAST($2::timestamptz, $4::timestamptz)
          AND completed_at < GREATEST($3::timestamptz, $5::timestamptz)`,
      [siteId, week.from, week.to, runRate.from, runRate.to],
    );
    return row;
  }

  /** Passes per stage since the week's start and since the run-rate window's start, up to `until`. */
  async stageOutputs(
    siteId: string,
    weekStart: Date,
    runRateStart: Date,
    until: Date,
  ): Promise<StageOutputRow[]> {
    return this.db.query<StageOutputRow[]>(
      `SELECT stage,
              count(*) FILTER (WHERE occurred_at >= $2)::int AS "passedThisWeek",
              count(*) FILTER (WHERE occurred_at >= $3)::int AS "passedInRunRateWindow"
         FROM rack_transition
        WHERE site_id = $1 AND event_type = ANY($5::text[])
          AND occurred_at >= LEAST($2::timestamptz, $3::timestamptz) AND occurred_at < $4
        GROUP BY stage`,
      [siteId, weekStart, runRateStart, until, PASS_EVENTS],
    );
  }

  /**
   * Racks whose first outcome at each stage (by history order) fell within [from, until), and how many of
   * those passed: a rack that failed first and passed after rework is tested but not a first pass.
   */
  async firstPassCounts(
    siteId: string,
    stages: readonly string[],
    from: Date,
    until: Date,
  ): Promise<FirstPassRow[]> {
    if (stages.length === 0) return [];
    return this.db.query<FirstPassRow[]>(
      `WITH recent AS (
         SELECT DISTINCT rack_serial FROM rack_transition
          WHERE site_id = $1 AND stage = ANY($2::text[]) AND event_type = ANY($5::text[])
            AND occurred_at >= $3 AND occurred_at < $4
       ), firsts AS (
         SELECT DISTINCT ON (t.rack_serial, t.stage) t.stage, t.event_type, t.occurred_at
           FROM rack_transition t JOIN recent r ON r.rack_serial = t.rack_serial
          WHERE t.stage = ANY($2::text[]) AND t.event_type = ANY($5::text[])
          ORDER BY t.rack_serial, t.stage, t.id
       )
       SELECT stage, count(*)::int AS tested, count(*) FILTER (WHERE event_type = ANY($6::text[]))::int AS "passedFirstTime"
         FROM firsts WHERE occurred_at >= $3 AND occurred_at < $4
        GROUP BY stage`,
      [siteId, stages, from, until, OUTCOME_EVENTS, PASS_EVENTS],
    );
  }

  /** Racks in a non-terminal state entered at or before `enteredBefore`, oldest first. */
  async stuckCandidates(siteId: string, enteredBefore: Date, limit: number): Promise<StuckRackRow[]> {
    return this.db.query<StuckRackRow[]>(
      `SELECT serial, stage, status, state_entered_at AS "stateEnteredAt"
         FROM rack
        WHERE site_id = $1 AND status NOT IN ('shipped', 'scrapped') AND state_entered_at <= $2
        ORDER BY state_entered_at, serial
        LIMIT $3`,
      [siteId, enteredBefore, limit],
    );
  }
}
