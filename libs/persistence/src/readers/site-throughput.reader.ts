import {
  BURN_IN_MEASURE_WINDOW_HOURS,
  DEFAULT_ROUTE,
  planSiteThroughput,
  siteSettingsOf,
  siteThroughputOf,
  type SiteSettings as DomainSiteSettings,
  type SiteBurnInFacts,
  type SiteThroughput as DomainSiteThroughput,
} from '#domain';
import type { BurnInCellRepository } from '../repositories/burn-in-cell.repository.js';
import type { BurnInReadRepository } from '../repositories/burn-in-read.repository.js';
import type { QualityReadRepository } from '../repositories/quality-read.repository.js';
import type { RackRouteRepository } from '../repositories/rack-route.repository.js';
import type {
  SiteTargetRepository,
  StoredRuleOverrides,
  StoredSiteTarget,
} from '../repositories/site-target.repository.js';
import type { ThroughputRepository } from '../repositories/throughput.repository.js';

/** What the burn-in read gives a site none of whose racks has a dwell. */
const NO_BURN_IN_ROWS: SiteBurnInFacts = {
  cells: [],
  holders: [],
  queue: { count: 0, oldestSerial: null, oldestSince: null },
  pastBurnIn: [],
  measures: {
    passes: 0,
    failures: 0,
    arrivals: 0,
    downstreamHours: null,
    pullHours: null,
    reworkHours: null,
  },
  windowHours: BURN_IN_MEASURE_WINDOW_HOURS,
  dwell: null,
};

/** A site's settings as in force, with its stored rows (for their timestamps). */
export type SiteSettings = DomainSiteSettings<StoredSiteTarget, StoredRuleOverrides>;
export type SiteThroughput = DomainSiteThroughput<SiteSettings>;

/** What reading a site's throughput needs, on one connection or transaction. */
export interface SiteThroughputRepositories {
  siteTargets: SiteTargetRepository;
  throughput: ThroughputRepository;
  quality: QualityReadRepository;
  routes: RackRouteRepository;
  burnInReads: BurnInReadRepository;
  burnInCells: BurnInCellRepository;
}

/**
 * Gathers the rows a site's throughput is made of; the domain (planSiteThroughput, siteThroughputOf) says which
 * rows and what they add up to. Shared by the alerts service and the api's status panel.
 */
export class SiteThroughputReader {
  async settings(
    repositories: Pick<SiteThroughputRepositories, 'siteTargets'>,
    siteId: string,
  ): Promise<SiteSettings> {
    // One after another: inside a transaction they share one connection, which runs one query at a time.
    const target = await repositories.siteTargets.find(siteId);
    const revisions = await repositories.siteTargets.findRevisions(siteId);
    const ruleOverrides = await repositories.siteTargets.findRuleOverrides(siteId);
    return siteSettingsOf(siteId, target, revisions, ruleOverrides);
  }

  async read(repositories: SiteThroughputRepositories, siteId: string, now: Date): Promise<SiteThroughput> {
    const settings = await this.settings(repositories, siteId);
    const plan = planSiteThroughput(settings, now);
    const { week, runRate } = plan.windows;
    const completions = await repositories.throughput.countCompletions(
      siteId,
      { from: week.start, to: now },
      { from: runRate.start, to: now },
    );
    const stageOutputs = await repositories.throughput.stageOutputs(siteId, week.start, runRate.start, now);
    const firstOutcomes = await repositories.quality.firstOutcomes({
      ...plan.yieldWindow,
      siteId,
      stages: plan.yieldStages,
    });
    const defaultRoute = await repositories.routes.findByModel(DEFAULT_ROUTE.model);
    return siteThroughputOf(settings, plan, {
      ...completions,
      stageOutputs,
      firstOutcomes,
      defaultRouteStages: defaultRoute?.route.stages ?? null,
      burnIn: await this.burnIn(repositories, siteId, now),
    });
  }

  /** The rows of the site's burn-in board and pipeline (siteBurnInOf says what they add up to). */
  async burnIn(
    repositories: Pick<SiteThroughputRepositories, 'burnInReads' | 'burnInCells'>,
    siteId: string,
    now: Date,
  ): Promise<SiteBurnInFacts> {
    const reads = repositories.burnInReads;
    const cells = (await repositories.burnInCells.listForSite(siteId)).map((stored) => stored.cell);
    const dwell = await reads.currentDwell(siteId);
    // Every other row needs a rack whose route has a dwell, and currentDwell finds none: the status panel and
    // the alerts read this for every site on every round, so a site without burn-in costs two queries, not eight.
    if (dwell === null) {
      return { ...NO_BURN_IN_ROWS, cells };
    }
    const from = new Date(now.getTime() - BURN_IN_MEASURE_WINDOW_HOURS * 3_600_000);
    return {
      cells,
      holders: await reads.holders(siteId),
      queue: await reads.queue(siteId),
      pastBurnIn: await reads.pastBurnIn(siteId),
      measures: await reads.measures(siteId, from, now),
      windowHours: BURN_IN_MEASURE_WINDOW_HOURS,
      dwell,
    };
  }
}
