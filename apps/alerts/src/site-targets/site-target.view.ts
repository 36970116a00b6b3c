import type { ThroughputSnapshot } from '#domain';
import type { SiteSettings } from '#persistence';

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface WeekFiguresView {
  start: string;
  end: string;
  firstDay: string;
  timeZone: string;
  targetInForce: number;
  weekTarget: number;
  productionHours: { week: number; elapsed: number; remaining: number };
  expectedByNow: number;
  actual: number;
  behindBy: number;
  projected: number;
  runRate: { perHour: number; windowStart: string; windowProductionHours: number };
  plannedRatePerHour: number;
  /** What the rest of the week must average to still make the target. */
  requiredRatePerHour: number | null;
  stages: {
    stage: string;
    passedThisWeek: number;
    ratePerHour: number;
    tested: number;
    firstPassYield: number | null;
  }[];
}

export interface SiteTargetView {
  siteId: string;
  /** false: nothing stored, the defaults are in force. */
  configured: boolean;
  weeklyTarget: number;
  timeZone: string;
  weekStartsOn: string;
  shifts: Record<string, readonly { start: string; end: string }[]>;
  holidays: readonly string[];
  targetHistory: { weeklyTarget: number; effectiveFrom: string }[];
  updatedAt: string | null;
  currentWeek: WeekFiguresView;
}

export function toWeekFiguresView(snapshot: ThroughputSnapshot): WeekFiguresView {
  const { productionHours } = snapshot;
  return {
    start: snapshot.week.start.toISOString(),
    end: snapshot.week.end.toISOString(),
    firstDay: snapshot.week.firstDay,
    timeZone: snapshot.timeZone,
    targetInForce: snapshot.targetInForce,
    weekTarget: round(snapshot.weekTarget),
    productionHours: {
      week: round(productionHours.week),
      elapsed: round(productionHours.elapsed),
      remaining: round(productionHours.remaining),
    },
    expectedByNow: round(snapshot.expectedByNow),
    actual: snapshot.actual,
    behindBy: round(snapshot.expectedByNow - snapshot.actual),
    projected: round(snapshot.projected),
    runRate: {
      perHour: round(snapshot.runRate.perHour),
      windowStart: snapshot.runRate.windowStart.toISOString(),
      windowProductionHours: round(snapshot.runRate.windowProductionHours),
    },
    plannedRatePerHour: round(snapshot.plannedRatePerHour),
    requiredRatePerHour:
      productionHours.remaining > 0
        ? round(Math.max(0, snapshot.weekTarget - snapshot.actual) / productionHours.remaining)
        : null,
    stages: snapshot.stages.map((stage) => ({
      stage: stage.stage,
      passedThisWeek: stage.passedThisWeek,
      ratePerHour: round(stage.ratePerHour),
      tested: stage.tested,
      firstPassYield: stage.firstPassYield === null ? null : round(stage.firstPassYield, 4),
    })),
  };
}

export function toSiteTargetView(settings: SiteSettings, snapshot: ThroughputSnapshot): SiteTargetView {
  return {
    siteId: settings.siteId,
    configured: settings.target !== null,
    weeklyTarget: settings.weeklyTarget,
    timeZone: settings.calendarInput.timeZone,
    weekStartsOn: settings.calendarInput.weekStartsOn,
    shifts: settings.calendarInput.shifts,
    holidays: settings.calendarInput.holidays,
    targetHistory: settings.revisions.slice(-20).map((revision) => ({
      weeklyTarget: revision.weeklyTarget,
      effectiveFrom: revision.effectiveFrom.toISOString(),
    })),
    updatedAt: settings.target?.updatedAt.toISOString() ?? null,
    currentWeek: toWeekFiguresView(snapshot),
  };
}
