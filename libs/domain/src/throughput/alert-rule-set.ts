import { STAGE_NAME_PATTERN } from '../rack/rack-route.js';
import type { ThroughputProblem } from './shift-calendar.js';

export const ALERT_RULES = [
  'behind_plan',
  'projected_miss',
  'stage_starvation',
  'stuck_rack',
  'yield_drop',
  'burn_in_capacity',
  'idle_positions',
  'dwell_overrun',
  'lot_escape',
] as const;
export type AlertRuleName = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export function isAlertRuleName(value: unknown): value is AlertRuleName {
  return typeof value === 'string' && (ALERT_RULES as readonly string[]).includes(value);
}

export function isAlertSeverity(value: unknown): value is AlertSeverity {
  return typeof value === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(value);
}

export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

/**
 * What every rule has. `tolerance`, `hysteresis` and `escalateAbove` are in the rule's own unit of
 * "how bad" (a fraction of plan for behind plan, points below the floor for yield, …). A rule fires when it
 * has been worse than `tolerance` for `graceMinutes`, escalates to critical above `escalateAbove`, and
 * clears only once it is back to `tolerance - hysteresis`, so a line hovering at the threshold does not
 * page on every wobble.
 */
export interface RuleThresholds {
  readonly enabled: boolean;
  readonly severity: AlertSeverity;
  readonly tolerance: number;
  readonly hysteresis: number;
  /** null: never escalates. */
  readonly escalateAbove: number | null;
  readonly graceMinutes: number;
  /** A firing alert is re-sent (as a reminder) at most this often; 0 sends no reminders. */
  readonly cooldownMinutes: number;
}

/** Behind plan: (expected by now - actual) / expected by now. */
export interface BehindPlanRule extends RuleThresholds {
  /** A shortfall smaller than this many racks never counts, e.g. an hour into Monday. */
  readonly minimumDeficit: number;
}

/** Projected miss: (week target - projected) / week target. */
export interface ProjectedMissRule extends RuleThresholds {
  /** Production hours into the week before a projection is trusted enough to page on. */
  readonly minimumElapsedHours: number;
}

/**
 * Stage starvation: (planned rate - stage's output rate) / planned rate, for every stage but the last: the
 * most upstream stage that short starves the stages after it, and is the one reported.
 */
export type StageStarvationRule = RuleThresholds;

/** Stuck rack: time in state / the stage's limit - 1. */
export interface StuckRackRule extends RuleThresholds {
  readonly limitsHours: Readonly<Record<string, number>>;
  readonly defaultLimitHours: number;
  readonly onHoldLimitHours: number;
  /** `production`: only production hours count, so a weekend shutdown does not make every rack stuck. */
  readonly clock: 'production' | 'wall';
  /** At most this many racks alert at once (the worst); the rest wait rather than flood the channel. */
  readonly maxAlerts: number;
}

/** Yield drop: floor - first-pass yield, over the racks first tested in the window. */
export interface YieldDropRule extends RuleThresholds {
  readonly floors: Readonly<Record<string, number>>;
  readonly windowHours: number;
  /** Fewer racks tested than this says nothing about yield; the rule waits for more. */
  readonly minimumSample: number;
}

/** Burn-in capacity: (positions needed - positions there are) / positions needed. */
export type BurnInCapacityRule = RuleThresholds;

/** Idle positions: the queue's oldest wait / maxWaitHours - 1, while positions stand free. */
export interface IdlePositionsRule extends RuleThresholds {
  readonly maxWaitHours: number;
}

/** Dwell overrun: hours soaked / the stage's maxHours - 1, per rack still in progress there. */
export interface DwellOverrunRule extends RuleThresholds {
  /** At most this many racks alert at once (the worst). */
  readonly maxAlerts: number;
}

/**
 * Lot escape: a lot's failure rate ÷ (factor × its part number's baseline) - 1, per lot installed at the site in
 * the last `windowDays` (supplier-return.ts judgeLots).
 */
export interface LotEscapeRule extends RuleThresholds {
  readonly minInstalls: number;
  readonly minFailures: number;
  readonly factor: number;
  readonly baselineFloorPerThousand: number;
  readonly windowDays: number;
  /** At most this many lots alert at once (the worst). */
  readonly maxAlerts: number;
}

export interface AlertRuleSet {
  /** Production hours of recent output the run rate (and stage rates) are measured over. */
  readonly runRateWindowHours: number;
  readonly behindPlan: BehindPlanRule;
  readonly projectedMiss: ProjectedMissRule;
  readonly stageStarvation: StageStarvationRule;
  readonly stuckRack: StuckRackRule;
  readonly yieldDrop: YieldDropRule;
  readonly burnInCapacity: BurnInCapacityRule;
  readonly idlePositions: IdlePositionsRule;
  readonly dwellOverrun: DwellOverrunRule;
  readonly lotEscape: LotEscapeRule;
}

export type RuleKey = Exclude<keyof AlertRuleSet, 'runRateWindowHours'>;

export const RULE_KEYS: Readonly<Record<AlertRuleName, RuleKey>> = {
  behind_plan: 'behindPlan',
  projected_miss: 'projectedMiss',
  stage_starvation: 'stageStarvation',
  stuck_rack: 'stuckRack',
  yield_drop: 'yieldDrop',
  burn_in_capacity: 'burnInCapacity',
  idle_positions: 'idlePositions',
  dwell_overrun: 'dwellOverrun',
  lot_escape: 'lotEscape',
};

/**
 * Defaults for a ~1,000 racks/week line (about 6 racks an hour round the clock): one slow hour moves
 * "behind plan" by a rack or two, well inside 5 % and the 10-rack floor; half an hour of grace rides out a
 * shift change; reminders every four hours keep a channel informed without drowning it.
 */
export const DEFAULT_ALERT_RULES: AlertRuleSet = Object.freeze({
  runRateWindowHours: 8,
  behindPlan: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0.05,
    hysteresis: 0.02,
    escalateAbove: 0.15,
    graceMinutes: 30,
    cooldownMinutes: 240,
    minimumDeficit: 10,
  }),
  projectedMiss: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0.03,
    hysteresis: 0.01,
    escalateAbove: 0.1,
    graceMinutes: 60,
    cooldownMinutes: 240,
    minimumElapsedHours: 4,
  }),
  stageStarvation: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0.3,
    hysteresis: 0.1,
    escalateAbove: 0.6,
    graceMinutes: 60,
    cooldownMinutes: 240,
  }),
  stuckRack: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0,
    hysteresis: 0,
    escalateAbove: 1,
    graceMinutes: 0,
    cooldownMinutes: 480,
    // Burn-in soaks racks for about 12 h; the other stations take an hour or two per rack.
    limitsHours: Object.freeze({ assembly: 8, burn_in: 24, qa: 6, ship: 4 }),
    defaultLimitHours: 12,
    onHoldLimitHours: 24,
    clock: 'production',
    maxAlerts: 25,
  }),
  yieldDrop: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0.02,
    hysteresis: 0.02,
    escalateAbove: 0.1,
    graceMinutes: 30,
    cooldownMinutes: 240,
    floors: Object.freeze({ burn_in: 0.85, qa: 0.95 }),
    windowHours: 24,
    minimumSample: 20,
  }),
  // Positions are bought in months, so a short week is worth knowing about at once; short by a fifth is critical.
  burnInCapacity: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0,
    hysteresis: 0,
    escalateAbove: 0.2,
    graceMinutes: 30,
    cooldownMinutes: 480,
  }),
  // A rack waiting two hours while a position stands empty is a loading problem, not a capacity one.
  idlePositions: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0,
    hysteresis: 0,
    escalateAbove: 2,
    graceMinutes: 15,
    cooldownMinutes: 240,
    maxWaitHours: 2,
  }),
  dwellOverrun: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0,
    hysteresis: 0,
    escalateAbove: 0.5,
    graceMinutes: 0,
    cooldownMinutes: 480,
    maxAlerts: 25,
  }),
  // A lot failing three times as often as the rest of its part number, over at least 40 installs and 3 failed
  // parts, is worth a quality engineer's morning; five times is critical (stop using it).
  lotEscape: Object.freeze({
    enabled: true,
    severity: 'warning',
    tolerance: 0,
    hysteresis: 0,
    escalateAbove: 0.67,
    graceMinutes: 0,
    cooldownMinutes: 720,
    minInstalls: 40,
    minFailures: 3,
    factor: 3,
    baselineFloorPerThousand: 5,
    windowDays: 28,
    maxAlerts: 10,
  }),
} satisfies AlertRuleSet);

type Overrides<T> = {
  -readonly [K in keyof T]?: T[K] extends Readonly<Record<string, number>> ? Record<string, number> : T[K];
};

/** What a site stores: only the fields it changed, so later improvements to the defaults reach it. */
export interface AlertRuleOverrides {
  runRateWindowHours?: number;
  behindPlan?: Overrides<BehindPlanRule>;
  projectedMiss?: Overrides<ProjectedMissRule>;
  stageStarvation?: Overrides<StageStarvationRule>;
  stuckRack?: Overrides<StuckRackRule>;
  yieldDrop?: Overrides<YieldDropRule>;
  burnInCapacity?: Overrides<BurnInCapacityRule>;
  idlePositions?: Overrides<IdlePositionsRule>;
  dwellOverrun?: Overrides<DwellOverrunRule>;
  lotEscape?: Overrides<LotEscapeRule>;
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** The defaults with a site's overrides laid over them; per-stage maps replace the default map whole. */
export function resolveAlertRules(overrides: AlertRuleOverrides = {}): AlertRuleSet {
  const base = DEFAULT_ALERT_RULES;
  return {
    runRateWindowHours: overrides.runRateWindowHours ?? base.runRateWindowHours,
    behindPlan: { ...base.behindPlan, ...defined(overrides.behindPlan) },
    projectedMiss: { ...base.projectedMiss, ...defined(overrides.projectedMiss) },
    stageStarvation: { ...base.stageStarvation, ...defined(overrides.stageStarvation) },
    stuckRack: { ...base.stuckRack, ...defined(overrides.stuckRack) },
    yieldDrop: { ...base.yieldDrop, ...defined(overrides.yieldDrop) },
    burnInCapacity: { ...base.burnInCapacity, ...defined(overrides.burnInCapacity) },
    idlePositions: { ...base.idlePositions, ...defined(overrides.idlePositions) },
    dwellOverrun: { ...base.dwellOverrun, ...defined(overrides.dwellOverrun) },
    lotEscape: { ...base.lotEscape, ...defined(overrides.lotEscape) },
  };
}

function checkThresholds(key: RuleKey, rule: RuleThresholds, problems: ThroughputProblem[]): void {
  if (
    rule.hysteresis > rule.tolerance &&
    key !== 'stuckRack' &&
    key !== 'dwellOverrun' &&
    key !== 'idlePositions' &&
    key !== 'lotEscape'
  ) {
    problems.push({
      path: `${key}.hysteresis`,
      reason: `hysteresis (${rule.hysteresis}) must not exceed tolerance (${rule.tolerance})`,
    });
  }
  if (rule.escalateAbove !== null && rule.escalateAbove <= rule.tolerance) {
    problems.push({
      path: `${key}.escalateAbove`,
      reason: `escalateAbove (${rule.escalateAbove}) must be above tolerance (${rule.tolerance})`,
    });
  }
}

function checkStageMap(
  path: string,
  map: Readonly<Record<string, number>>,
  problems: ThroughputProblem[],
  max: number,
): void {
  for (const [stage, value] of Object.entries(map)) {
    if (!STAGE_NAME_PATTERN.test(stage))
      problems.push({
        path: `${path}.${stage}`,
        reason: `stage names must match ${STAGE_NAME_PATTERN.source}`,
      });
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      problems.push({ path: `${path}.${stage}`, reason: `must be a number above 0 and at most ${max}` });
    }
  }
}

/**
 * Relations between fields that a field-by-field check cannot see. The HTTP layer checks each field's
 * type and range; this runs on the merged set, so an override is judged against the defaults it meets.
 */
export function validateAlertRules(rules: AlertRuleSet): ThroughputProblem[] {
  const problems: ThroughputProblem[] = [];
  for (const key of Object.values(RULE_KEYS)) checkThresholds(key, rules[key], problems);
  checkStageMap('stuckRack.limitsHours', rules.stuckRack.limitsHours, problems, 24 * 365);
  checkStageMap('yieldDrop.floors', rules.yieldDrop.floors, problems, 1);
  return problems;
}
