import type { StageDwell } from '../rack/rack-route.js';
import {
  boardCells,
  boardTotals,
  burnInCapacity,
  hoursBetween,
  type BoardCell,
  type BoardTotals,
  type BurnInCapacity,
  type PositionHolder,
} from './burn-in-board.js';
import type { BurnInCell } from './burn-in-location.js';
import type { BurnInPipeline } from './pipeline-forecast.js';
import { soakDueAt } from './soak-clock.js';

/** The rows a site's burn-in is built from (BurnInReadRepository reads them). */
export interface SiteBurnInFacts {
  readonly cells: readonly BurnInCell[];
  readonly holders: readonly PositionHolder[];
  readonly queue: {
    readonly count: number;
    readonly oldestSerial: string | null;
    readonly oldestSince: Date | null;
  };
  readonly pastBurnIn: readonly Date[];
  // Over the last `windowHours`: burn-in runs passed and failed, racks reaching the queue, median times.
  readonly measures: {
    readonly passes: number;
    readonly failures: number;
    readonly arrivals: number;
    readonly downstreamHours: number | null;
    // Median hours a pass came after its run's minimum, and from a failed run to its retest's start.
    readonly pullHours: number | null;
    readonly reworkHours: number | null;
  };
  readonly windowHours: number;
  // The dwell racks start on now; null when no rack of the site has a route with one.
  readonly dwell: { readonly stage: string; readonly dwell: StageDwell } | null;
}

export interface BurnInQueueView {
  readonly count: number;
  readonly oldestSerial: string | null;
  readonly oldestWaitingSince: Date | null;
  readonly oldestWaitingHours: number | null;
}

export interface SiteBurnIn {
  readonly at: Date;
  readonly stage: string | null;
  readonly cells: readonly BoardCell[];
  readonly totals: BoardTotals;
  readonly queue: BurnInQueueView;
  // null when the site has no dwell yet: there is no soak to size positions by.
  readonly capacity: BurnInCapacity | null;
  readonly burnInYield: number | null;
  // What forecastWeek needs; null when the pipeline cannot be seen (no dwell, or no cells).
  readonly pipeline: BurnInPipeline | null;
}

export const BURN_IN_MEASURE_WINDOW_HOURS = 168;

export function siteBurnInOf(facts: SiteBurnInFacts, at: Date, weeklyTarget: number): SiteBurnIn {
  const cells = boardCells(facts.cells, facts.holders, at);
  const totals = boardTotals(cells);
  const { passes, failures, arrivals, downstreamHours } = facts.measures;
  const runs = passes + failures;
  const burnInYield = runs === 0 ? null : passes / runs;
  const capacity =
    facts.dwell === null
      ? null
      : burnInCapacity(facts.cells, {
          weeklyTarget,
          soakHours: facts.dwell.dwell.minHours,
          retestHours: facts.dwell.dwell.retestMinHours ?? facts.dwell.dwell.minHours,
          retestRate: runs === 0 ? 0 : failures / runs,
        });
  const pipeline: BurnInPipeline | null =
    facts.dwell === null || facts.cells.length === 0
      ? null
      : {
          soakHours: facts.dwell.dwell.minHours,
          dueTimes: facts.holders.flatMap((holder) =>
            holder.status === 'in_progress' && holder.soak !== null && holder.dwell !== null
              ? [soakDueAt(holder.soak, holder.dwell, at)]
              : [],
          ),
          pastBurnIn: facts.pastBurnIn,
          queued: facts.queue.count,
          arrivalsPerHour: facts.windowHours > 0 ? arrivals / facts.windowHours : 0,
          freePositions: totals.free,
          downstreamHours,
          pullHours: facts.measures.pullHours,
          reworkHours: facts.measures.reworkHours,
          awaitingRetest: facts.holders.filter(
            (holder) =>
              holder.status === 'failed' || holder.status === 'rework' || holder.status === 'waiting',
          ).length,
          retestHours: facts.dwell.dwell.retestMinHours ?? facts.dwell.dwell.minHours,
          burnInYield,
        };
  return {
    at,
    stage: facts.dwell?.stage ?? null,
    cells,
    totals,
    queue: {
      count: facts.queue.count,
      oldestSerial: facts.queue.oldestSerial,
      oldestWaitingSince: facts.queue.oldestSince,
      oldestWaitingHours: facts.queue.oldestSince === null ? null : hoursBetween(facts.queue.oldestSince, at),
    },
    capacity,
    burnInYield,
    pipeline,
  };
}
