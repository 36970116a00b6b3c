import { forecastWeek, type WeekForecast } from '../burn-in/pipeline-forecast.js';
import { siteBurnInOf, type SiteBurnIn, type SiteBurnInFacts } from '../burn-in/site-burn-in.js';
import { DEFAULT_ROUTE } from '../rack/rack-route.js';
import { resolveAlertRules, type AlertRuleOverrides, type AlertRuleSet } from './alert-rule-set.js';
import type { FirstOutcomeGroup } from './first-pass-yield.js';
import {
  DEFAULT_SHIFT_CALENDAR,
  isWeekday,
  ShiftCalendar,
  type ShiftCalendarInput,
} from './shift-calendar.js';
import {
  computeThroughputSnapshot,
  throughputWindows,
  type StageOutputCounts,
  type ThroughputSnapshot,
  type ThroughputWindows,
} from './throughput-snapshot.js';
import { DEFAULT_WEEKLY_TARGET, WeeklyTargetPolicy, type TargetRevision } from './weekly-target-policy.js';

const HOUR_MS = 3_600_000;

/** A site's stored target and calendar, as its row holds them. */
export interface SiteTargetFacts {
  readonly weeklyTarget: number;
  readonly timeZone: string;
  readonly weekStartsOn: string;
  readonly shifts: Readonly<Record<string, readonly { readonly start: string; readonly end: string }[]>>;
  readonly holidays: readonly string[];
}

/** A site's stored alert-rule overrides, as its row holds them. */
export interface RuleOverrideFacts {
  readonly overrides: Readonly<Record<string, unknown>>;
}

/** The stored calendar as ShiftCalendar takes it; the default one (every hour, UTC, weeks from Monday) for a site not configured yet. */
export function shiftCalendarInputOf(target: SiteTargetFacts | null): ShiftCalendarInput {
  if (target === null) return DEFAULT_SHIFT_CALENDAR;
  return {
    timeZone: target.timeZone,
    // Stored rows were validated on the way in; a hand-edited one fails in ShiftCalendar.of, loudly.
    weekStartsOn: isWeekday(target.weekStartsOn) ? target.weekStartsOn : DEFAULT_SHIFT_CALENDAR.weekStartsOn,
    // jsonb keeps keys in its own order; rebuild each window so answers read start before end.
    shifts: Object.fromEntries(
      Object.entries(target.shifts).map(([day, windows]) => [
        day,
        windows.map((window) => ({ start: window.start, end: window.end })),
      ]),
    ),
    holidays: target.holidays,
  };
}

/** A site's settings as in force: its stored configuration, or the defaults where it has none. */
export interface SiteSettings<
  Target extends SiteTargetFacts = SiteTargetFacts,
  Overrides extends RuleOverrideFacts = RuleOverrideFacts,
> {
  siteId: string;
  target: Target | null;
  calendarInput: ShiftCalendarInput;
  revisions: TargetRevision[];
  weeklyTarget: number;
  ruleOverrides: Overrides | null;
  rules: AlertRuleSet;
}

export function siteSettingsOf<Target extends SiteTargetFacts, Overrides extends RuleOverrideFacts>(
  siteId: string,
  target: Target | null,
  revisions: TargetRevision[],
  ruleOverrides: Overrides | null,
): SiteSettings<Target, Overrides> {
  return {
    siteId,
    target,
    calendarInput: shiftCalendarInputOf(target),
    revisions,
    weeklyTarget: target?.weeklyTarget ?? DEFAULT_WEEKLY_TARGET,
    ruleOverrides,
    // Stored overrides were validated on the way in.
    rules: resolveAlertRules((ruleOverrides?.overrides ?? {}) as AlertRuleOverrides),
  };
}

/** What a site's throughput needs counted, worked out from its settings before any counting. */
export interface SiteThroughputPlan {
  readonly calendar: ShiftCalendar;
  readonly windows: ThroughputWindows;
  /** The stages the yield-drop rule watches, and the window it looks back over. */
  readonly yieldStages: readonly string[];
  readonly yieldWindow: { readonly from: Date; readonly to: Date };
}

export function planSiteThroughput(settings: SiteSettings, now: Date): SiteThroughputPlan {
  const calendar = ShiftCalendar.of(settings.calendarInput);
  const { rules } = settings;
  return {
    calendar,
    windows: throughputWindows(calendar, now, rules.runRateWindowHours),
    yieldStages: Object.keys(rules.yieldDrop.floors),
    yieldWindow: { from: new Date(now.getTime() - rules.yieldDrop.windowHours * HOUR_MS), to: now },
  };
}

/** The rows counted for a plan. */
export interface SiteThroughputFacts {
  readonly completedThisWeek: number;
  readonly completedInRunRateWindow: number;
  readonly stageOutputs: readonly StageOutputCounts[];
  readonly firstOutcomes: readonly FirstOutcomeGroup[];
  /** The default model's stored route's stages, or null when none is stored. */
  readonly defaultRouteStages: readonly string[] | null;
  /** The site's burn-in rows; absent where a reader does not need the pipeline. */
  readonly burnIn?: SiteBurnInFacts;
}

export interface SiteThroughput<Settings extends SiteSettings = SiteSettings> {
  settings: Settings;
  calendar: ShiftCalendar;
  targets: WeeklyTargetPolicy;
  stageOrder: readonly string[];
  // `projected` is the forecast's: the pipeline's when burn-in can be seen, else the run rate's.
  snapshot: ThroughputSnapshot;
  forecast: WeekForecast;
  burnIn: SiteBurnIn | null;
}

/**
 * A site's throughput snapshot from its settings and counts. The alerts service evaluates with it and the
 * api's dashboard figures come from it, so chat and screen never disagree.
 */
export function siteThroughputOf<Settings extends SiteSettings>(
  settings: Settings,
  plan: SiteThroughputPlan,
  facts: SiteThroughputFacts,
): SiteThroughput<Settings> {
  // Racks follow their model's route; the default model's route orders the stages a site reports.
  const stageOrder = facts.defaultRouteStages ?? DEFAULT_ROUTE.stages;
  const targets = new WeeklyTargetPolicy(
    settings.revisions.map((revision) => ({
      weeklyTarget: revision.weeklyTarget,
      effectiveFrom: revision.effectiveFrom,
    })),
    settings.weeklyTarget,
  );
  const snapshot = computeThroughputSnapshot({
    calendar: plan.calendar,
    targets,
    windows: plan.windows,
    counts: {
      completedThisWeek: facts.completedThisWeek,
      completedInRunRateWindow: facts.completedInRunRateWindow,
      stages: facts.stageOutputs,
      firstOutcomes: facts.firstOutcomes,
    },
    stageOrder,
  });
  // One projection for the api, the dashboard and the alerts: computed here, once.
  const burnIn =
    facts.burnIn === undefined ? null : siteBurnInOf(facts.burnIn, snapshot.now, snapshot.targetInForce);
  const forecast = forecastWeek({
    now: snapshot.now,
    weekEnd: snapshot.week.end,
    shippedSoFar: snapshot.actual,
    runRateProjection: snapshot.projected,
    pipeline: burnIn?.pipeline ?? null,
  });
  return {
    settings,
    calendar: plan.calendar,
    targets,
    stageOrder,
    snapshot: { ...snapshot, projected: forecast.projected, projectionMethod: forecast.method },
    forecast,
    burnIn,
  };
}
