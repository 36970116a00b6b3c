import type { PositionHolder, StageDwell } from '#domain';
import { holdReasonOf, soakClockOf, type BurnInColumns } from './burn-in-columns.js';
import type { Queryable } from './queryable.js';
import { rackOnTheLine } from './rack-on-line.js';

interface HolderRow extends BurnInColumns {
  serial: string;
  location_cell: string;
  location_position: number;
  dwell: Record<string, StageDwell>;
}

/**
 * Racks waiting for a position at a stage with a dwell: passed the stage before it, or waiting for a retest at it
 * without a position. A rack reworked in its position keeps that position for its retest (the board shows it
 * there), so it waits for no free one: counting it would raise idle_positions against a free position it does
 * not need and let the forecast start it twice.
 */
export interface BurnInQueue {
  count: number;
  oldestSerial: string | null;
  oldestSince: Date | null;
}

/** What the site's recent burn-in runs and shipments measured. */
export interface BurnInMeasures {
  passes: number;
  failures: number;
  // Median hours from passing a dwell stage to shipping, over racks shipped in the window; null with none.
  downstreamHours: number | null;
  // Racks that reached a dwell stage's queue in the window.
  arrivals: number;
  // Median hours a pass at a dwell stage came after its run's minimum (holds included: they delay it too).
  pullHours: number | null;
  // Median hours from a failed run at a dwell stage to the start of its retest.
  reworkHours: number | null;
}

// A dwell's minimum for the run a `started` transition began: the retest minimum when it started from waiting
// at that stage (after rework), else the full soak.
const RUN_MINIMUM_HOURS = `CASE WHEN s.from_stage = s.stage AND s.from_status = 'waiting'
       THEN coalesce((r.dwell -> s.stage ->> 'retestMinHours')::float8, (r.dwell -> s.stage ->> 'minHours')::float8)
       ELSE (r.dwell -> s.stage ->> 'minHours')::float8 END`;

// A rack's next stage after its current one has a dwell (the stage it queues for), or a retest there without a position.
const QUEUED_FOR_DWELL = `(status = 'passed' AND dwell ? route[array_position(route, stage) + 1])
                          OR (status = 'waiting' AND dwell ? stage AND location_cell IS NULL)`;

/**
 * The read side of burn-in for one site: who holds which position, who waits, what has passed, and what the
 * recent runs measured. The domain (siteBurnInOf) turns these rows into the board, the capacity verdict and
 * the week's forecast.
 */
export class BurnInReadRepository {
  constructor(private readonly db: Queryable) {}

  async holders(siteId: string): Promise<PositionHolder[]> {
    const rows = await this.db.query<HolderRow[]>(
      `SELECT serial, location_cell, location_position, stage, status, dwell, soak_started_at, soak_held_ms,
              soak_retest, hold_started_at, hold_reason, hold_reason_code
         FROM rack WHERE site_id = $1 AND location_cell IS NOT NULL
        ORDER BY location_cell, location_position`,
      [siteId],
    );
    return rows.map((row) => ({
      serial: row.serial,
      location: { cell: row.location_cell, position: row.location_position },
      status: row.status,
      soak: soakClockOf(row),
      dwell: row.dwell[row.stage] ?? null,
      holdReason: holdReasonOf(row),
    }));
  }

  async queue(siteId: string): Promise<BurnInQueue> {
    const rows = await this.db.query<
      { count: string; oldest_serial: string | null; oldest_since: Date | null }[]
    >(
      `SELECT count(*)::text AS count,
              (array_agg(serial ORDER BY state_entered_at, serial))[1] AS oldest_serial,
              min(state_entered_at) AS oldest_since
         FROM rack WHERE site_id = $1 AND ${rackOnTheLine()} AND (${QUEUED_FOR_DWELL})`,
      [siteId],
    );
    const row = rows[0];
    return {
      count: Number(row?.count ?? 0),
      oldestSerial: row?.oldest_serial ?? null,
      oldestSince: row?.oldest_since ?? null,
    };
  }

  /** When each rack of the site that has passed a dwell stage, and has not shipped or been scrapped, passed it. */
  async pastBurnIn(siteId: string): Promise<Date[]> {
    const rows = await this.db.query<{ passed_at: Date }[]>(
      `SELECT max(t.occurred_at) AS passed_at
         FROM rack r JOIN rack_transition t ON t.rack_serial = r.serial
        WHERE r.site_id = $1 AND ${rackOnTheLine('r')} AND r.location_cell IS NULL
          AND r.dwell <> '{}'::jsonb AND t.event_type IN ('passed', 'completed') AND r.dwell ? t.stage
        GROUP BY r.serial`,
      [siteId],
    );
    return rows.map((row) => row.passed_at);
  }

  async measures(siteId: string, from: Date, to: Date): Promise<BurnInMeasures> {
    const runs = await this.db.query<{ passes: string; failures: string; arrivals: string }[]>(
      `SELECT count(*) FILTER (WHERE t.event_type IN ('passed', 'completed') AND r.dwell ? t.stage)::text AS passes,
              count(*) FILTER (WHERE t.event_type = 'failed' AND r.dwell ? t.stage)::text AS failures,
              count(*) FILTER (WHERE t.event_type IN ('passed', 'completed')
                                 AND r.dwell ? r.route[array_position(r.route, t.stage) + 1])::text AS arrivals
         FROM rack_transition t JOIN rack r ON r.serial = t.rack_serial
        WHERE t.site_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3 AND r.dwell <> '{}'::jsonb`,
      [siteId, from, to],
    );
    const downstream = await this.db.query<{ hours: number | null }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.completed_at - p.passed_at) / 3600) AS hours
         FROM rack r
         JOIN LATERAL (SELECT max(t.occurred_at) AS passed_at FROM rack_transition t
                        WHERE t.rack_serial = r.serial AND t.event_type IN ('passed', 'completed') AND r.dwell ? t.stage) p
           ON p.passed_at IS NOT NULL
        WHERE r.site_id = $1 AND r.status = 'shipped' AND r.completed_at >= $2 AND r.completed_at < $3`,
      [siteId, from, to],
    );
    const pulls = await this.db.query<{ hours: number | null }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM t.occurred_at - s.occurred_at) / 3600 - ${RUN_MINIMUM_HOURS}) AS hours
         FROM rack_transition t
         JOIN rack r ON r.serial = t.rack_serial
         JOIN LATERAL (SELECT occurred_at, stage, from_stage, from_status FROM rack_transition
                        WHERE rack_serial = t.rack_serial AND id < t.id AND event_type = 'started' AND stage = t.stage
                        ORDER BY id DESC LIMIT 1) s ON true
        WHERE t.site_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3
          AND t.event_type IN ('passed', 'completed') AND r.dwell ? t.stage`,
      [siteId, from, to],
    );
    const reworks = await this.db.query<{ hours: number | null }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.occurred_at - f.occurred_at) / 3600) AS hours
         FROM rack_transition s
         JOIN rack r ON r.serial = s.rack_serial
         JOIN LATERAL (SELECT occurred_at FROM rack_transition
                        WHERE rack_serial = s.rack_serial AND id < s.id AND event_type = 'failed' AND stage = s.stage
                        ORDER BY id DESC LIMIT 1) f ON true
        WHERE s.site_id = $1 AND s.occurred_at >= $2 AND s.occurred_at < $3 AND s.event_type = 'started'
          AND r.dwell ? s.stage AND s.from_stage = s.stage AND s.from_status = 'waiting'`,
      [siteId, from, to],
    );
    const run = runs[0];
    return {
      passes: Number(run?.passes ?? 0),
      failures: Number(run?.failures ?? 0),
      arrivals: Number(run?.arrivals ?? 0),
      downstreamHours: downstream[0]?.hours ?? null,
      pullHours: pulls[0]?.hours ?? null,
      reworkHours: reworks[0]?.hours ?? null,
    };
  }

  /** The dwell racks of the site start on now: that of the latest rack started on a route with one. */
  async currentDwell(siteId: string): Promise<{ stage: string; dwell: StageDwell } | null> {
    const rows = await this.db.query<{ dwell: Record<string, StageDwell> }[]>(
      `SELECT dwell FROM rack WHERE site_id = $1 AND dwell <> '{}'::jsonb ORDER BY started_at DESC LIMIT 1`,
      [siteId],
    );
    const entry = Object.entries(rows[0]?.dwell ?? {})[0];
    return entry === undefined ? null : { stage: entry[0], dwell: entry[1] };
  }
}
