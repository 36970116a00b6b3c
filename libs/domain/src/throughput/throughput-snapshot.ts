import { firstPassYield, type FirstOutcomeGroup } from './first-pass-yield.js';
import type { ShiftCalendar, WeekBounds } from './shift-calendar.js';
import type { WeeklyTargetPolicy } from './weekly-target-policy.js';

const HOUR_MS = 3_600_000;

export const DEFAULT_RUN_RATE_WINDOW_HOURS = 8;

/** The spans of time a snapshot needs counted, worked out before any counting so the counts can be queried. */
export interface ThroughputWindows {
  readonly now: Date;
  readonly week: WeekBounds;
  /** The last `runRateWindowHours` of production time up to now, reaching back into earlier weeks if needed. */
  readonly runRate: { readonly start: Date; readonly end: Date };
}

export function throughputWindows(
  calendar: ShiftCalendar,
  now: Date,
  runRateWindowHours: number,
): ThroughputWindows {
  return {
    now,
    week: calendar.weekContaining(now),
    runRate: { start: calendar.rewindProduction(now, runRateWindowHours * HOUR_MS), end: now },
  };
}

/** Racks that passed a stage (its `passed` or `completed`), this week and within the run-rate window. */
export interface StageOutputCounts {
  readonly stage: string;
  readonly passedThisWeek: number;
  readonly passedInRunRateWindow: number;
}

export interface ThroughputCounts {
  /** Racks whose route completed (shipped) this week. */
  readonly completedThisWeek: number;
  readonly completedInRunRateWindow: number;
  readonly stages: readonly StageOutputCounts[];
  /** First test outcomes at the yield stages within the yield window (see firstPassYield). */
  readonly firstOutcomes: readonly FirstOutcomeGroup[];
}

export interface StageThroughput {
  readonly stage: string;
  readonly passedThisWeek: number;
  /** Passes per production hour over the run-rate window. */
  readonly ratePerHour: number;
  readonly tested: number;
  /** null when nothing was tested at the stage within the yield window. */
  readonly firstPassYield: number | null;
}

export interface ThroughputSnapshot {
  readonly now: Date;
  readonly timeZone: string;
  readonly week: WeekBounds;
  /** The weekly target in force now. */
  readonly targetInForce: number;
  /** The week's target with any mid-week change pro-rated: what `projected` is measured against. */
  readonly weekTarget: number;
  readonly productionHours: { readonly week: number; readonly elapsed: number; readonly remaining: number };
  readonly expectedByNow: number;
  readonly actual: number;
  readonly runRate: {
    readonly perHour: number;
    readonly windowStart: Date;
    readonly windowProductionHours: number;
  };
  /** The rate the plan runs at now: the target in force over the week's production hours. */
  readonly plannedRatePerHour: number;
  readonly projected: number;
  // run_rate here; siteThroughputOf replaces `projected` with the pipeline's forecast when it can see one.
  readonly projectionMethod: 'pipeline' | 'run_rate';
  readonly stages: readonly StageThroughput[];
}

export interface SnapshotInput {
  readonly calendar: ShiftCalendar;
  readonly targets: WeeklyTargetPolicy;
  readonly windows: ThroughputWindows;
  readonly counts: ThroughputCounts;
  /** Stages in route order; stages seen in the counts but not listed follow, alphabetically. */
  readonly stageOrder: readonly string[];
}

/**
 * docs/architecture.md: expected by now is pro-rated over production hours, actual is what completed the route
 * this week, and the projection adds the recent run rate over the production hours left.
 */
export function computeThroughputSnapshot(input: SnapshotInput): ThroughputSnapshot {
  const { calendar, targets, windows, counts } = input;
  const { week, now } = windows;
  const weekHours = calendar.productionHoursBetween(week.start, week.end);
  const elapsed = calendar.productionHoursBetween(week.start, now);
  const remaining = Math.max(0, weekHours - elapsed);
  const windowHours = calendar.productionHoursBetween(windows.runRate.start, windows.runRate.end);
  const perHour = windowHours > 0 ? counts.completedInRunRateWindow / windowHours : 0;
  const targetInForce = targets.targetAt(now);

  const yields = firstPassYield(counts.firstOutcomes).byStage;
  const known = new Set(input.stageOrder);
  const extra = [...new Set([...counts.stages, ...yields].map((entry) => entry.stage))]
    .filter((stage) => !known.has(stage))
    .sort();
  const stages = [...input.stageOrder, ...extra].map((stage): StageThroughput => {
    const output = counts.stages.find((entry) => entry.stage === stage);
    const firstPass = yields.find((entry) => entry.stage === stage);
    return {
      stage,
      passedThisWeek: output?.passedThisWeek ?? 0,
      ratePerHour: windowHours > 0 ? (output?.passedInRunRateWindow ?? 0) / windowHours : 0,
      tested: firstPass?.tested ?? 0,
      firstPassYield: firstPass?.firstPassYield ?? null,
    };
  });

  return {
    now,
    timeZone: calendar.timeZone,
    week,
    targetInForce,
    weekTarget: targets.weekTargetAsOf(calendar, week, now),
    productionHours: { week: weekHours, elapsed, remaining },
    expectedByNow: targets.expectedBetween(calendar, week, now),
    actual: counts.completedThisWeek,
    runRate: { perHour, windowStart: windows.runRate.start, windowProductionHours: windowHours },
    plannedRatePerHour: weekHours > 0 ? targetInForce / weekHours : 0,
    projected: counts.completedThisWeek + perHour * remaining,
    projectionMethod: 'run_rate',
    stages,
  };
}
