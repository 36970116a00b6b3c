import { Injectable } from '@nestjs/common';
import {
  DEFAULT_ROUTE,
  evaluateAlertRules,
  firstPassYield,
  planGap,
  shiftStanding,
  RULE_KEYS,
  ShiftCalendar,
  stuckCandidateAge,
  weeklyBreakdown,
  WeeklyTargetPolicy,
  type AlertRuleSet,
  type RuleKey,
  type ThroughputSnapshot,
  type WeekForecast,
} from '#domain';
import { SiteThroughputReader, UnitOfWork, type Repositories } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import { toProjectionView } from '../burn-in/burn-in-board.view.js';
import type {
  PerformanceView,
  ProgressView,
  StageWipView,
  StuckRackView,
  WipView,
} from './site-status.view.js';

const HOUR_MS = 3_600_000;
// More racks than this over their limit at once is a line-wide problem; the list shows the worst.
const MAX_STUCK_CANDIDATES = 500;

/** A site's throughput as the alerts service sees it: same settings, same counts, same domain maths. */
interface SiteThroughput {
  configured: boolean;
  calendar: ShiftCalendar;
  targets: WeeklyTargetPolicy;
  rules: AlertRuleSet;
  stageOrder: readonly string[];
  snapshot: ThroughputSnapshot;
  forecast: WeekForecast;
}

export interface SiteStatus {
  progress: ProgressView;
  wip: WipView;
}

/**
 * Weekly progress, WIP and performance per site. The figures are the alerts service's own: its site settings
 * (target revisions, shift calendar, rule overrides), its counts (ThroughputRepository) and its domain maths
 * (computeThroughputSnapshot, evaluateAlertRules), so the dashboard and the chat alerts never disagree.
 */
@Injectable()
export class SiteStatusQuery {
  // The alerts service's own reader: same settings, same counts, same domain maths.
  private readonly reader = new SiteThroughputReader();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async progress(siteId: string): Promise<ProgressView> {
    const now = this.clock.now();
    return this.uow.read(async (repositories) => {
      await this.ensureSite(repositories, siteId);
      return this.progressOf(repositories, siteId, await this.throughputOf(repositories, siteId, now));
    });
  }

  async wip(siteId: string): Promise<WipView> {
    const now = this.clock.now();
    return this.uow.read(async (repositories) => {
      await this.ensureSite(repositories, siteId);
      return this.wipOf(repositories, siteId, await this.throughputOf(repositories, siteId, now));
    });
  }

  /** Progress and WIP from one snapshot of the database, for the live stream. */
  async status(siteId: string): Promise<SiteStatus> {
    const now = this.clock.now();
    return this.uow.read(async (repositories) => {
      const throughput = await this.throughputOf(repositories, siteId, now);
      return {
        progress: await this.progressOf(repositories, siteId, throughput),
        wip: await this.wipOf(repositories, siteId, throughput),
      };
    });
  }

  async performance(siteId: string, windowHours: number): Promise<PerformanceView> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - windowHours * HOUR_MS);
    return this.uow.read(async (repositories) => {
      await this.ensureSite(repositories, siteId);
      const stageOrder = await this.stageOrder(repositories);
      const cycleTimes = await repositories.lineStatus.cycleTimes(siteId, from, to);
      const reworkStarts = await repositories.lineStatus.reworkStarts(siteId, from, to);
      const wipCounts = await repositories.lineStatus.wipCounts(siteId);
      const seen = [...cycleTimes, ...reworkStarts, ...wipCounts].map((row) => row.stage);
      const stages = orderStages(stageOrder, seen);
      const outcomes = await repositories.quality.firstOutcomes({ from, to, siteId, stages });
      const firstPass = firstPassYield(outcomes).byStage;
      const rejections = await repositories.lineStatus.rejectionsByReason(siteId, from, to);
      return {
        siteId,
        window: { from: from.toISOString(), to: to.toISOString(), hours: windowHours },
        stages: stages.map((stage) => {
          const cycle = cycleTimes.find((row) => row.stage === stage);
          const tested = firstPass.find((row) => row.stage === stage);
          return {
            stage,
            cycleTime: {
              count: cycle?.count ?? 0,
              p50Seconds: cycle?.p50Seconds ?? null,
              p90Seconds: cycle?.p90Seconds ?? null,
            },
            firstPass: {
              tested: tested?.tested ?? 0,
              passedFirstTime: tested?.passedFirstTime ?? 0,
              yield: tested?.firstPassYield ?? null,
            },
            reworkStarted: reworkStarts.find((row) => row.stage === stage)?.count ?? 0,
            inReworkNow: wipCounts.find((row) => row.stage === stage && row.status === 'rework')?.count ?? 0,
          };
        }),
        rejections: rejections.map((row) => ({ reason: row.reason, count: row.count })),
        rejectionsTotal: rejections.reduce((sum, row) => sum + row.count, 0),
      };
    });
  }

  private async ensureSite(repositories: Repositories, siteId: string): Promise<void> {
    if ((await repositories.siteTargets.find(siteId)) !== null) return;
    if (await repositories.lineStatus.hasRacks(siteId)) return;
    throw new ApiError('site_not_found', `No site ${siteId}: it has no target configured and no racks`);
  }

  /** Racks follow their model's route; the default model's route orders the stages a site reports. */
  private async stageOrder(repositories: Repositories): Promise<readonly string[]> {
    const stored = await repositories.routes.findByModel(DEFAULT_ROUTE.model);
    return stored?.route.stages ?? DEFAULT_ROUTE.stages;
  }

  private async throughputOf(repositories: Repositories, siteId: string, now: Date): Promise<SiteThroughput> {
    const { settings, calendar, targets, stageOrder, snapshot, forecast } = await this.reader.read(
      repositories,
      siteId,
      now,
    );
    return {
      configured: settings.target !== null,
      calendar,
      targets,
      rules: settings.rules,
      stageOrder,
      snapshot,
      forecast,
    };
  }

  private async progressOf(
    repositories: Repositories,
    siteId: string,
    throughput: SiteThroughput,
  ): Promise<ProgressView> {
    const { snapshot, calendar, targets, rules } = throughput;
    const completions = await repositories.lineStatus.completionTimes(
      siteId,
      snapshot.week.start,
      snapshot.now,
    );
    const breakdown = weeklyBreakdown({
      calendar,
      targets,
      week: snapshot.week,
      now: snapshot.now,
      completions,
      runRatePerHour: snapshot.runRate.perHour,
    });
    // The alert rules judge "behind" and "projected miss" with their tolerances; the dashboard shows their verdict.
    const observations = evaluateAlertRules({
      siteId,
      snapshot,
      calendar,
      rules: onlyRules(rules, ['behindPlan', 'projectedMiss']),
      stageOrder: throughput.stageOrder,
      stuckCandidates: [],
    });
    const breached = (rule: 'behind_plan' | 'projected_miss', tolerance: number) => {
      const breach = observations.find((observation) => observation.rule === rule)?.breach ?? null;
      return breach !== null && breach > tolerance;
    };
    const behindPlan = breached('behind_plan', rules.behindPlan.tolerance);
    const projectedMiss = breached('projected_miss', rules.projectedMiss.tolerance);
    const iso = (date: Date) => date.toISOString();
    const { gap, needed } = planGap({
      target: snapshot.weekTarget,
      expectedByNow: snapshot.expectedByNow,
      actual: snapshot.actual,
      productionHoursLeft: snapshot.productionHours.remaining,
    });
    return {
      siteId,
      generatedAt: iso(snapshot.now),
      configured: throughput.configured,
      week: {
        start: iso(snapshot.week.start),
        end: iso(snapshot.week.end),
        firstDay: snapshot.week.firstDay,
        timeZone: snapshot.timeZone,
      },
      target: snapshot.weekTarget,
      targetInForce: snapshot.targetInForce,
      actual: snapshot.actual,
      expectedByNow: snapshot.expectedByNow,
      gap,
      needed,
      projected: snapshot.projected,
      projection: toProjectionView(throughput.forecast),
      onTrack: !behindPlan && !projectedMiss,
      behindPlan,
      projectedMiss,
      runRate: { perHour: snapshot.runRate.perHour, windowHours: snapshot.runRate.windowProductionHours },
      plannedRatePerHour: snapshot.plannedRatePerHour,
      productionHours: { ...snapshot.productionHours },
      byDay: breakdown.days.map((day) => ({ ...day, start: iso(day.start), end: iso(day.end) })),
      byShift: breakdown.shifts.map((shift) => ({
        ...shift,
        ...shiftStanding(shift, snapshot.now),
        start: iso(shift.start),
        end: iso(shift.end),
      })),
      burnUp: breakdown.burnUp.map((point) => ({ ...point, at: iso(point.at) })),
      stages: snapshot.stages.map((stage) => ({
        stage: stage.stage,
        passedThisWeek: stage.passedThisWeek,
        ratePerHour: stage.ratePerHour,
      })),
    };
  }

  private async wipOf(
    repositories: Repositories,
    siteId: string,
    throughput: SiteThroughput,
  ): Promise<WipView> {
    const { snapshot, calendar, rules } = throughput;
    const counts = await repositories.lineStatus.wipCounts(siteId);
    const oldest = await repositories.lineStatus.oldestAtEachStage(siteId);
    const candidates = await repositories.throughput.stuckCandidates(
      siteId,
      new Date(snapshot.now.getTime() - stuckCandidateAge(rules)),
      MAX_STUCK_CANDIDATES,
    );
    // The stuck-rack rule's own judgement (limits per stage, production or wall clock), every candidate judged.
    const observations = evaluateAlertRules({
      siteId,
      snapshot,
      calendar,
      rules: onlyRules(rules, ['stuckRack'], {
        stuckRack: { ...rules.stuckRack, enabled: true, maxAlerts: Number.MAX_SAFE_INTEGER },
      }),
      stageOrder: throughput.stageOrder,
      stuckCandidates: candidates,
    });
    const stuck: StuckRackView[] = [];
    for (const observation of observations) {
      const detail = observation.detail;
      if (
        detail?.rule !== 'stuck_rack' ||
        observation.breach === null ||
        observation.breach <= rules.stuckRack.tolerance
      )
        continue;
      const candidate = candidates.find((rack) => rack.serial === detail.rackSerial);
      stuck.push({
        serial: detail.rackSerial,
        stage: detail.stage,
        status: detail.status,
        stateEnteredAt: (candidate?.stateEnteredAt ?? snapshot.now).toISOString(),
        hoursInState: detail.hoursInState,
        limitHours: detail.limitHours,
        clock: detail.clock,
      });
    }
    const stages = orderStages(
      throughput.stageOrder,
      counts.map((row) => row.stage),
    ).map((stage): StageWipView => {
      const rows = counts.filter((row) => row.stage === stage);
      const first = oldest.find((row) => row.stage === stage);
      return {
        stage,
        total: rows.reduce((sum, row) => sum + row.count, 0),
        byStatus: Object.fromEntries(rows.map((row) => [row.status, row.count])),
        oldest: first
          ? {
              serial: first.serial,
              status: first.status,
              enteredStageAt: first.enteredStageAt.toISOString(),
              stateEnteredAt: first.stateEnteredAt.toISOString(),
            }
          : null,
      };
    });
    return {
      siteId,
      generatedAt: snapshot.now.toISOString(),
      stages,
      total: counts.reduce((sum, row) => sum + row.count, 0),
      stuck,
    };
  }
}

/**
 * The site's rules with only `enabled` switched on (whatever the site configured) and every other rule off:
 * a view shows one rule's judgement, with the site's tolerances and limits, not whether it would alert.
 */
function onlyRules(
  rules: AlertRuleSet,
  enabled: readonly RuleKey[],
  overrides: Partial<AlertRuleSet> = {},
): AlertRuleSet {
  const switched = Object.fromEntries(
    Object.values(RULE_KEYS).map((key) => [key, { ...rules[key], enabled: enabled.includes(key) }]),
  ) as Pick<AlertRuleSet, RuleKey>;
  return { ...rules, ...switched, ...overrides };
}

/** The route's stages in order, then any other stage seen (another model's), alphabetically. */
function orderStages(routeOrder: readonly string[], seen: readonly string[]): string[] {
  const known = new Set(routeOrder);
  return [...routeOrder, ...[...new Set(seen)].filter((stage) => !known.has(stage)).sort()];
}
