import type { SiteBurnIn } from '../burn-in/site-burn-in.js';
import { judgeLots, type LotRecord } from '../disposition/supplier-return.js';
import type { AlertRuleName, AlertRuleSet } from './alert-rule-set.js';
import type { ShiftCalendar } from './shift-calendar.js';
import type { ThroughputSnapshot } from './throughput-snapshot.js';

const HOUR_MS = 3_600_000;

/** The week's figures every message carries, whatever the rule: what is behind, by how much, the projection. */
export interface SiteFigures {
  readonly siteId: string;
  readonly timeZone: string;
  readonly weekStart: string;
  readonly weekEnd: string;
  readonly weekTarget: number;
  readonly expectedByNow: number;
  readonly actual: number;
  readonly projected: number;
  // How `projected` was computed: from the burn-in pipeline, or the recent run rate.
  readonly projectionMethod: 'pipeline' | 'run_rate';
  readonly runRatePerHour: number;
  readonly runRateWindowHours: number;
  readonly productionHoursRemaining: number;
}

export type AlertDetail =
  | { readonly rule: 'behind_plan'; readonly deficit: number; readonly shortfall: number }
  | { readonly rule: 'projected_miss'; readonly projectedDeficit: number; readonly shortfall: number }
  | {
      readonly rule: 'stage_starvation';
      readonly stage: string;
      readonly nextStage: string;
      readonly ratePerHour: number;
      readonly requiredRatePerHour: number;
      readonly shortfall: number;
    }
  | {
      readonly rule: 'stuck_rack';
      readonly rackSerial: string;
      readonly stage: string;
      readonly status: string;
      readonly hoursInState: number;
      readonly limitHours: number;
      readonly clock: 'production' | 'wall';
    }
  | {
      readonly rule: 'yield_drop';
      readonly stage: string;
      readonly firstPassYield: number;
      readonly floor: number;
      readonly tested: number;
      readonly passedFirstTime: number;
      readonly windowHours: number;
    }
  | {
      readonly rule: 'burn_in_capacity';
      readonly requiredPositions: number;
      readonly availablePositions: number;
      readonly margin: number;
      readonly soakHours: number;
      readonly retestRate: number;
      readonly weeklyTarget: number;
    }
  | {
      readonly rule: 'idle_positions';
      readonly freePositions: number;
      readonly queued: number;
      readonly oldestSerial: string | null;
      readonly oldestWaitingHours: number;
      readonly maxWaitHours: number;
    }
  | {
      readonly rule: 'dwell_overrun';
      readonly rackSerial: string;
      readonly stage: string;
      readonly cell: string;
      readonly position: number;
      readonly soakedHours: number;
      readonly maxHours: number;
    }
  | {
      readonly rule: 'lot_escape';
      readonly supplierId: string;
      readonly lot: string;
      readonly partNumber: string;
      readonly installed: number;
      readonly failed: number;
      readonly failuresPerThousand: number;
      readonly baselinePerThousand: number;
      readonly factor: number;
      // Racks of the site holding parts of the lot now, and those of them not shipped yet (still catchable).
      readonly racks: readonly string[];
      readonly notShipped: readonly string[];
    };

/**
 * One alert key as seen now. `subject` tells apart alerts of one rule at one site: the stage, the rack
 * serial, or '' for site-wide rules. `breach` null means the rule cannot judge right now.
 */
export interface RuleObservation {
  readonly rule: AlertRuleName;
  readonly subject: string;
  readonly breach: number | null;
  readonly detail: AlertDetail | null;
  readonly figures: SiteFigures;
}

/** A rack in a non-terminal state since `stateEnteredAt`, possibly over its limit. */
export interface StuckRackCandidate {
  readonly serial: string;
  readonly stage: string;
  readonly status: string;
  readonly stateEnteredAt: Date;
  // In progress at a stage with a dwell: its minimum time there is the point, not a stall (dwell_overrun
  // watches its maximum instead).
  readonly soaking?: boolean;
}

export interface RuleEvaluationInput {
  readonly siteId: string;
  readonly snapshot: ThroughputSnapshot;
  readonly calendar: ShiftCalendar;
  readonly rules: AlertRuleSet;
  /** Stages in route order: starvation looks at each stage but the last. */
  readonly stageOrder: readonly string[];
  readonly stuckCandidates: readonly StuckRackCandidate[];
  /** The site's burn-in board; absent or null where the burn-in rules are not evaluated. */
  readonly burnIn?: SiteBurnIn | null;
  /** Lots installed at the site in the lot-escape window, with the racks holding each; absent: not evaluated. */
  readonly lots?: LotEscapeInput;
}

export interface LotEscapeInput {
  readonly records: readonly LotRecord[];
  // By `supplierId/lot`: racks of the site holding parts of it now, and whether each has shipped.
  readonly holders: ReadonlyMap<string, readonly { rackSerial: string; shipped: boolean }[]>;
}

/** How a lot is named as an alert subject and in the holders map: a lot is its supplier's. */
export function lotSubject(supplierId: string, lot: string): string {
  return `${supplierId}/${lot}`;
}

export function siteFigures(siteId: string, snapshot: ThroughputSnapshot): SiteFigures {
  return {
    siteId,
    timeZone: snapshot.timeZone,
    weekStart: snapshot.week.start.toISOString(),
    weekEnd: snapshot.week.end.toISOString(),
    weekTarget: snapshot.weekTarget,
    expectedByNow: snapshot.expectedByNow,
    actual: snapshot.actual,
    projected: snapshot.projected,
    projectionMethod: snapshot.projectionMethod,
    runRatePerHour: snapshot.runRate.perHour,
    runRateWindowHours: snapshot.runRate.windowProductionHours,
    productionHoursRemaining: snapshot.productionHours.remaining,
  };
}

/** Milliseconds: racks in their state for less wall time than this cannot be stuck, so need not be read. */
export function stuckCandidateAge(rules: AlertRuleSet): number {
  const limits = [
    ...Object.values(rules.stuckRack.limitsHours),
    rules.stuckRack.defaultLimitHours,
    rules.stuckRack.onHoldLimitHours,
  ];
  // Younger racks are below the clearing line of every limit, and production time never runs faster than
  // the wall clock, so the smallest limit in wall hours is a safe cut.
  const clearing = Math.max(0, 1 + rules.stuckRack.tolerance - rules.stuckRack.hysteresis);
  return Math.min(...limits) * clearing * HOUR_MS;
}

/** Every rule's view of one site now. Disabled rules say nothing, which resolves what they had open. */
export function evaluateAlertRules(input: RuleEvaluationInput): RuleObservation[] {
  const figures = siteFigures(input.siteId, input.snapshot);
  const { rules } = input;
  return [
    ...(rules.behindPlan.enabled ? [behindPlan(input, figures)] : []),
    ...(rules.projectedMiss.enabled ? [projectedMiss(input, figures)] : []),
    ...(rules.stageStarvation.enabled ? stageStarvation(input, figures) : []),
    ...(rules.stuckRack.enabled ? stuckRacks(input, figures) : []),
    ...(rules.yieldDrop.enabled ? yieldDrop(input, figures) : []),
    ...(rules.burnInCapacity.enabled && input.burnIn ? [burnInCapacity(input.burnIn, figures)] : []),
    ...(rules.idlePositions.enabled && input.burnIn ? [idlePositions(input.burnIn, input, figures)] : []),
    ...(rules.dwellOverrun.enabled && input.burnIn ? dwellOverrun(input.burnIn, input, figures) : []),
    ...(rules.lotEscape.enabled && input.lots ? lotEscapes(input.lots, input, figures) : []),
  ];
}

function burnInCapacity(burnIn: SiteBurnIn, figures: SiteFigures): RuleObservation {
  const capacity = burnIn.capacity;
  if (capacity === null || capacity.requiredPositions === 0) {
    return { rule: 'burn_in_capacity', subject: '', breach: null, detail: null, figures };
  }
  return {
    rule: 'burn_in_capacity',
    subject: '',
    breach: -capacity.margin / capacity.requiredPositions,
    detail: {
      rule: 'burn_in_capacity',
      requiredPositions: capacity.requiredPositions,
      availablePositions: capacity.availablePositions,
      margin: capacity.margin,
      soakHours: capacity.soakHours,
      retestRate: capacity.retestRate,
      weeklyTarget: capacity.weeklyTarget,
    },
    figures,
  };
}

function idlePositions(
  burnIn: SiteBurnIn,
  { rules }: RuleEvaluationInput,
  figures: SiteFigures,
): RuleObservation {
  const { maxWaitHours } = rules.idlePositions;
  const waited = burnIn.queue.oldestWaitingHours ?? 0;
  const free = burnIn.totals.free;
  // Nothing is idle without both a free position and a rack waiting for one: the condition clears.
  const breach = free > 0 && burnIn.queue.count > 0 ? waited / maxWaitHours - 1 : -1;
  return {
    rule: 'idle_positions',
    subject: '',
    breach,
    detail: {
      rule: 'idle_positions',
      freePositions: free,
      queued: burnIn.queue.count,
      oldestSerial: burnIn.queue.oldestSerial,
      oldestWaitingHours: waited,
      maxWaitHours,
    },
    figures,
  };
}

function dwellOverrun(
  burnIn: SiteBurnIn,
  { rules }: RuleEvaluationInput,
  figures: SiteFigures,
): RuleObservation[] {
  const rule = rules.dwellOverrun;
  const clearing = 1 + rule.tolerance - rule.hysteresis;
  const observed = burnIn.cells.flatMap((cell) =>
    cell.slots.flatMap((slot): RuleObservation[] => {
      if (slot.rackSerial === null || slot.overrun === null) return [];
      const { soakedHours, maxHours } = slot.overrun;
      const ratio = soakedHours / maxHours;
      // Racks well inside their maximum are not observed at all: with hundreds soaking, only the ones
      // near or past it matter, and an open alert whose rack is no longer observed resolves.
      if (ratio < clearing) return [];
      return [
        {
          rule: 'dwell_overrun',
          subject: slot.rackSerial,
          breach: ratio - 1,
          detail: {
            rule: 'dwell_overrun',
            rackSerial: slot.rackSerial,
            stage: burnIn.stage ?? '',
            cell: cell.cellId,
            position: slot.position,
            soakedHours,
            maxHours,
          },
          figures,
        },
      ];
    }),
  );
  observed.sort((a, b) => (b.breach ?? 0) - (a.breach ?? 0) || a.subject.localeCompare(b.subject));
  return observed.map((observation, index) =>
    index < rule.maxAlerts ? observation : { ...observation, breach: null },
  );
}

/** The lots whose ratio the rule must see: those at or past its clearing line (the rest resolve if open). */
export function lotsToWatch(records: readonly LotRecord[], rules: AlertRuleSet) {
  const rule = rules.lotEscape;
  const clearing = 1 + rule.tolerance - rule.hysteresis;
  return judgeLots(records, rule).filter((judged) => judged.ratio >= clearing);
}

function lotEscapes(
  lots: LotEscapeInput,
  { rules }: RuleEvaluationInput,
  figures: SiteFigures,
): RuleObservation[] {
  const rule = rules.lotEscape;
  return lotsToWatch(lots.records, rules).map((judged, index): RuleObservation => {
    const subject = lotSubject(judged.supplierId, judged.lot);
    const holders = lots.holders.get(subject) ?? [];
    return {
      rule: 'lot_escape',
      subject,
      // Past the cap a lot neither fires nor clears: it waits its turn instead of flooding the channel.
      breach: index < rule.maxAlerts ? judged.ratio - 1 : null,
      detail: {
        rule: 'lot_escape',
        supplierId: judged.supplierId,
        lot: judged.lot,
        partNumber: judged.partNumber,
        installed: judged.installed,
        failed: judged.failed,
        failuresPerThousand: judged.failuresPerThousand,
        baselinePerThousand: judged.baselinePerThousand,
        factor: judged.factor,
        racks: holders.map((holder) => holder.rackSerial),
        notShipped: holders.filter((holder) => !holder.shipped).map((holder) => holder.rackSerial),
      },
      figures,
    };
  });
}

function behindPlan({ snapshot, rules }: RuleEvaluationInput, figures: SiteFigures): RuleObservation {
  const deficit = snapshot.expectedByNow - snapshot.actual;
  const shortfall = snapshot.expectedByNow > 0 ? deficit / snapshot.expectedByNow : 0;
  // A handful of racks is noise early in the week, however large a fraction of a small plan it is.
  const breach = deficit >= rules.behindPlan.minimumDeficit ? shortfall : Math.min(shortfall, 0);
  return {
    rule: 'behind_plan',
    subject: '',
    breach,
    detail: { rule: 'behind_plan', deficit, shortfall },
    figures,
  };
}

function projectedMiss({ snapshot, rules }: RuleEvaluationInput, figures: SiteFigures): RuleObservation {
  const projectedDeficit = snapshot.weekTarget - snapshot.projected;
  const shortfall = snapshot.weekTarget > 0 ? projectedDeficit / snapshot.weekTarget : 0;
  const trusted = snapshot.productionHours.elapsed >= rules.projectedMiss.minimumElapsedHours;
  return {
    rule: 'projected_miss',
    subject: '',
    breach: trusted ? shortfall : null,
    detail: { rule: 'projected_miss', projectedDeficit, shortfall },
    figures,
  };
}

function stageStarvation(
  { snapshot, rules, stageOrder }: RuleEvaluationInput,
  figures: SiteFigures,
): RuleObservation[] {
  const required = snapshot.plannedRatePerHour;
  const feeding = stageOrder.slice(0, -1);
  let bottleneckFound = false;
  return feeding.map((stage, index): RuleObservation => {
    const rate = snapshot.stages.find((entry) => entry.stage === stage)?.ratePerHour ?? 0;
    const shortfall = required > 0 ? (required - rate) / required : 0;
    const detail: AlertDetail = {
      rule: 'stage_starvation',
      stage,
      nextStage: stageOrder[index + 1],
      ratePerHour: rate,
      requiredRatePerHour: required,
      shortfall,
    };
    // Downstream of the bottleneck every stage runs short too; that is the bottleneck's alert, not theirs.
    const breach = required === 0 || bottleneckFound ? null : shortfall;
    if (breach !== null && breach > rules.stageStarvation.tolerance) bottleneckFound = true;
    return { rule: 'stage_starvation', subject: stage, breach, detail, figures };
  });
}

function stuckRacks(
  { snapshot, rules, calendar, stuckCandidates }: RuleEvaluationInput,
  figures: SiteFigures,
): RuleObservation[] {
  const rule = rules.stuckRack;
  const observed = stuckCandidates
    .filter((rack) => rack.soaking !== true)
    .map((rack) => {
      const limitHours =
        rack.status === 'on_hold'
          ? rule.onHoldLimitHours
          : (rule.limitsHours[rack.stage] ?? rule.defaultLimitHours);
      const hoursInState =
        rule.clock === 'production'
          ? calendar.productionHoursBetween(rack.stateEnteredAt, snapshot.now)
          : Math.max(0, snapshot.now.getTime() - rack.stateEnteredAt.getTime()) / HOUR_MS;
      const breach = hoursInState / limitHours - 1;
      const detail: AlertDetail = {
        rule: 'stuck_rack',
        rackSerial: rack.serial,
        stage: rack.stage,
        status: rack.status,
        hoursInState,
        limitHours,
        clock: rule.clock,
      };
      return { rule: 'stuck_rack' as const, subject: rack.serial, breach, detail, figures };
    });
  observed.sort((a, b) => b.breach - a.breach || a.subject.localeCompare(b.subject));
  // Past the cap a rack neither fires nor clears: it waits its turn instead of flooding the channel.
  return observed.map((observation, index) =>
    index < rule.maxAlerts ? observation : { ...observation, breach: null },
  );
}

function yieldDrop({ snapshot, rules }: RuleEvaluationInput, figures: SiteFigures): RuleObservation[] {
  const rule = rules.yieldDrop;
  return Object.entries(rule.floors).map(([stage, floor]): RuleObservation => {
    const stats = snapshot.stages.find((entry) => entry.stage === stage);
    const tested = stats?.tested ?? 0;
    const firstPassYield = stats?.firstPassYield ?? null;
    if (firstPassYield === null || tested < rule.minimumSample) {
      return { rule: 'yield_drop', subject: stage, breach: null, detail: null, figures };
    }
    return {
      rule: 'yield_drop',
      subject: stage,
      breach: floor - firstPassYield,
      detail: {
        rule: 'yield_drop',
        stage,
        firstPassYield,
        floor,
        tested,
        passedFirstTime: Math.round(firstPassYield * tested),
        windowHours: rule.windowHours,
      },
      figures,
    };
  });
}
