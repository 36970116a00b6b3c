import type { Queryable } from './queryable.js';
import { rackOnTheLine } from './rack-on-line.js';

export interface CompletionCounts {
  completedThisWeek: number;
  completedInRunRateWindow: number;
}

export interface StageOutputRow {
  stage: string;
  passedThisWeek: number;
  passedInRunRateWindow: number;
}

export interface StuckRackRow {
  serial: string;
  stage: string;
  status: string;
  stateEnteredAt: Date;
  soaking: boolean;
}

// An event at a stage that the rack passed: `passed`, or `completed`.
const PASS_EVENTS = ['passed', 'completed'];

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

  /** Racks in a non-terminal state entered at or before `enteredBefore`, oldest first. */
  async stuckCandidates(siteId: string, enteredBefore: Date, limit: number): Promise<StuckRackRow[]> {
    return this.db.query<StuckRackRow[]>(
      `SELECT serial, stage, status, state_entered_at AS "stateEnteredAt",
              (status = 'in_progress' AND soak_started_at IS NOT NULL) AS soaking
         FROM rack
        WHERE site_id = $1 AND ${rackOnTheLine()} AND state_entered_at <= $2
        ORDER BY state_entered_at, serial
        LIMIT $3`,
      [siteId, enteredBefore, limit],
    );
  }
}
