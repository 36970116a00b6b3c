import {
  computeThroughputSnapshot,
  DEFAULT_ROUTE,
  DEFAULT_WEEKLY_TARGET,
  resolveAlertRules,
  ShiftCalendar,
  throughputWindows,
  WeeklyTargetPolicy,
  type AlertRuleOverrides,
  type AlertRuleSet,
  type ShiftCalendarInput,
  type ThroughputSnapshot,
} from '#domain';
import type { RackRouteRepository } from '../repositories/rack-route.repository.js';
import {
  shiftCalendarInputOf,
  type SiteTargetRepository,
  type StoredRuleOverrides,
  type StoredSiteTarget,
  type StoredTargetRevision,
} from '../repositories/site-target.repository.js';
import type { ThroughputRepository } from '../repositories/throughput.repository.js';

const HOUR_MS = 3_600_000;

/** A site's settings as in force: its stored configuration, or the defaults where it has none. */
export interface SiteSettings {
  siteId: string;
  target: StoredSiteTarget | null;
  calendarInput: ShiftCalendarInput;
  revisions: StoredTargetRevision[];
  weeklyTarget: number;
  ruleOverrides: StoredRuleOverrides | null;
  rules: AlertRuleSet;
}

/** What reading a site's throughput needs, on one connection or transaction. */
export interface SiteThroughputRepositories {
  siteTargets: SiteTargetRepository;
  throughput: ThroughputRepository;
  routes: RackRouteRepository;
}

export interface SiteThroughput {
  settings: SiteSettings;
  calendar: ShiftCalendar;
  targets: WeeklyTargetPolicy;
  stageOrder: readonly string[];
  snapshot: ThroughputSnapshot;
}

/**
 * Reads a site's settings and counts and turns them into its throughput snapshot. The alerts service
 * evaluates with it and the api's dashboard figures come from it, so chat and screen never disagree.
 */
export class SiteThroughputReader {
  async settings(repositories: SiteThroughputRepositories, siteId: string): Promise<SiteSettings> {
    // One after another: inside a transaction they share one connection, which runs one query at a time.
    const target = await repositories.siteTargets.find(siteId);
    const revisions = await repositories.siteTargets.findRevisions(siteId);
    const ruleOverrides = await repositories.siteTargets.findRuleOverrides(siteId);
    return {
      siteId,
      target,
      calendarInput: shiftCalendarInputOf(target),
      revisions,
      weeklyTarget: target?.weeklyTarget ?? DEFAULT_WEEKLY_TARGET,
      ruleOverrides,
      rules: resolveAlertRules((ruleOverrides?.overrides ?? {}) as AlertRuleOverrides),
    };
  }

  async read(repositories: SiteThroughputRepositories, siteId: string, now: Date): Promise<SiteThroughput> {
    const settings = await this.settings(repositories, siteId);
    const calendar = ShiftCalendar.of(settings.calendarInput);
    const { rules } = settings;
    const windows = throughputWindows(calendar, now, rules.runRateWindowHours);
    const yieldStages = Object.keys(rules.yieldDrop.floors);
    const yieldFrom = new Date(now.getTime() - rules.yieldDrop.windowHours * HOUR_MS);
    // Racks follow their model's route; the default model's route orders the stages a site reports.
    const completions = await repositories.throughput.countCompletions(
      siteId,
      { from: windows.week.start, to: now },
      { from: windows.runRate.start, to: now },
    );
    const stageOutputs = await repositories.throughput.stageOutputs(
      siteId,
      windows.week.start,
      windows.runRate.start,
      now,
    );
    const firstPass = await repositories.throughput.firstPassCounts(siteId, yieldStages, yieldFrom, now);
    const defaultRoute = await repositories.routes.findByModel(DEFAULT_ROUTE.model);
    const stageOrder = defaultRoute?.route.stages ?? DEFAULT_ROUTE.stages;
    const targets = new WeeklyTargetPolicy(
      settings.revisions.map((revision) => ({
        weeklyTarget: revision.weeklyTarget,
        effectiveFrom: revision.effectiveFrom,
      })),
      settings.weeklyTarget,
    );
    const snapshot = computeThroughputSnapshot({
      calendar,
      targets,
      windows,
      counts: { ...completions, stages: stageOutputs, firstPass },
      stageOrder,
    });
    return { settings, calendar, targets, stageOrder, snapshot };
  }
}
