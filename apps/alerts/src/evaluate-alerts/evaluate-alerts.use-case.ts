import { Injectable, Logger } from '@nestjs/common';
import {
  composeAlertMessage,
  evaluateAlertRules,
  isAlertRuleName,
  isUnacknowledgedPastEscalation,
  lotSubject,
  lotsToWatch,
  reconcileAlerts,
  siteFigures,
  stuckCandidateAge,
  type AlertDecision,
  type AlertDetail,
  type AlertRuleSet,
  type LotEscapeInput,
  type SiteFigures,
} from '#domain';
import type { StoredAlert, StoredWebhook } from '#persistence';
import { AlertsMetrics } from '../alerts.metrics.js';
import { UnitOfWork, type Repositories } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { SiteThroughputReader } from '#persistence';
import {
  openAlertsOf,
  writeAlertStep,
  writeUnacknowledgedNotice,
  type AlertContent,
} from '../common/alert-writer.js';
import { AlertsConfig } from '../alerts.config.js';

/** Stuck racks read per site and round: far more than would ever alert (the rule caps those) at 1,000 a week. */
const STUCK_CANDIDATE_LIMIT = 500;
const DAY_MS = 86_400_000;

export interface EvaluationSummary {
  sites: number;
  skipped: number;
  failed: number;
  notifications: number;
  deliveriesQueued: number;
}

interface SiteOutcome {
  notifications: number;
  deliveriesQueued: number;
}

/**
 * One evaluation round: for every site, the throughput snapshot, the rules' view of it, and the alerts'
 * lifecycle; each announced state is written with its history entry and its webhook outbox rows in the
 * same transaction, under the site's evaluation lock, so it is queued exactly once however many replicas
 * run and whenever they crash.
 */
@Injectable()
export class EvaluateAlertsUseCase {
  private readonly logger = new Logger(EvaluateAlertsUseCase.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: SiteThroughputReader,
    private readonly clock: Clock,
    private readonly dashboard: DashboardLink,
    private readonly metrics: AlertsMetrics,
    private readonly config: AlertsConfig,
  ) {}

  async execute(): Promise<EvaluationSummary> {
    const now = this.clock.now();
    const shared = this.uow.pool;
    const siteIds = await shared.siteTargets.listSiteIds();
    const webhooks = await shared.webhooks.findActive();
    const summary: EvaluationSummary = {
      sites: siteIds.length,
      skipped: 0,
      failed: 0,
      notifications: 0,
      deliveriesQueued: 0,
    };
    for (const siteId of siteIds) {
      try {
        const outcome = await this.uow.write((repositories) =>
          this.evaluateSite(repositories, siteId, webhooks, now),
        );
        if (outcome === null) {
          summary.skipped += 1;
          continue;
        }
        summary.notifications += outcome.notifications;
        summary.deliveriesQueued += outcome.deliveriesQueued;
      } catch (error) {
        // One site's bad data must not keep the others from being watched.
        summary.failed += 1;
        this.logger.error({
          msg: 'site evaluation failed',
          siteId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return summary;
  }

  /** null when another instance is evaluating the site right now. */
  private async evaluateSite(
    repositories: Repositories,
    siteId: string,
    webhooks: readonly StoredWebhook[],
    now: Date,
  ): Promise<SiteOutcome | null> {
    if (!(await repositories.alerts.tryLockSiteEvaluation(siteId))) return null;
    const { settings, calendar, snapshot, stageOrder, burnIn } = await this.reader.read(
      repositories,
      siteId,
      now,
    );
    const { rules } = settings;
    const stuckCandidates = rules.stuckRack.enabled
      ? await repositories.throughput.stuckCandidates(
          siteId,
          new Date(now.getTime() - stuckCandidateAge(rules)),
          STUCK_CANDIDATE_LIMIT,
        )
      : [];
    const lots = rules.lotEscape.enabled ? await this.lotsOf(repositories, siteId, rules, now) : undefined;
    const observations = evaluateAlertRules({
      siteId,
      snapshot,
      calendar,
      rules,
      stageOrder,
      stuckCandidates,
      burnIn,
      lots,
    });
    const stored = await repositories.alerts.findOpen(siteId);
    const decisions = reconcileAlerts(openAlertsOf(stored, isAlertRuleName), observations, rules, now);
    const figures = siteFigures(siteId, snapshot);
    const outcome: SiteOutcome = { notifications: 0, deliveriesQueued: 0 };
    for (const decision of decisions) {
      const previous = stored.find((alert) => alert.id === decision.alertId) ?? null;
      const content = this.contentOf(decision, previous, figures, now);
      outcome.deliveriesQueued += await writeAlertStep(repositories, decision, content, webhooks, now);
      if (decision.notification) {
        outcome.notifications += 1;
        this.metrics.notifications.inc({ rule: decision.rule, kind: decision.notification });
        this.logger.log({
          msg: 'alert state announced',
          siteId,
          rule: decision.rule,
          subject: decision.subject,
          notification: decision.notification,
        });
      }
    }
    outcome.deliveriesQueued += await this.escalateUnacknowledged(
      repositories,
      siteId,
      figures,
      webhooks,
      now,
    );
    return outcome;
  }

  /**
   * Andon: a firing alert nobody acknowledged by its escalation time is announced once more, as unacknowledged.
   * Read after this round's decisions, so an alert the round resolved is not escalated.
   */
  private async escalateUnacknowledged(
    repositories: Repositories,
    siteId: string,
    figures: SiteFigures,
    webhooks: readonly StoredWebhook[],
    now: Date,
  ): Promise<number> {
    const minutes = this.config.ALERT_ESCALATION_MINUTES;
    let queued = 0;
    for (const alert of await repositories.alerts.findOpen(siteId)) {
      if (!isAlertRuleName(alert.rule) || !isUnacknowledgedPastEscalation(alert, minutes, now)) continue;
      const rule = alert.rule;
      const content = this.contentOf(
        { rule, subject: alert.subject, observation: null },
        alert,
        figures,
        now,
      );
      queued += await writeUnacknowledgedNotice(repositories, alert, content, minutes, webhooks, now);
      this.metrics.notifications.inc({ rule, kind: 'unacknowledged' });
      this.logger.log({ msg: 'unacknowledged alert escalated', siteId, rule, subject: alert.subject });
    }
    return queued;
  }

  /** The site's lots over the rule's window, and the racks holding the ones the rule will look at. */
  private async lotsOf(
    repositories: Repositories,
    siteId: string,
    rules: AlertRuleSet,
    now: Date,
  ): Promise<LotEscapeInput> {
    const since = new Date(now.getTime() - rules.lotEscape.windowDays * DAY_MS);
    const records = await repositories.quality.lotFailures(siteId, since);
    const watched = lotsToWatch(records, rules).map(({ supplierId, lot }) => ({ supplierId, lot }));
    const holders = new Map<string, { rackSerial: string; shipped: boolean }[]>();
    for (const holder of await repositories.quality.lotHolders(siteId, watched)) {
      const subject = lotSubject(holder.supplierId, holder.lot);
      holders.set(subject, [
        ...(holders.get(subject) ?? []),
        { rackSerial: holder.rackSerial, shipped: holder.shipped },
      ]);
    }
    return { records, holders };
  }

  /** What a decision states: its measurements (as last observed) and its messages, linking to the dashboard. */
  private contentOf(
    decision: Pick<AlertDecision, 'rule' | 'subject' | 'observation'>,
    previous: StoredAlert | null,
    currentFigures: SiteFigures,
    now: Date,
  ): AlertContent {
    const detail: AlertDetail | null =
      decision.observation?.detail ?? (previous?.detail as AlertDetail | null) ?? null;
    const figures = decision.observation?.figures ?? currentFigures;
    const rackSerial = decision.rule === 'stuck_rack' ? decision.subject : undefined;
    const dashboardUrl = this.dashboard.forSite(figures.siteId, rackSerial);
    return {
      siteId: figures.siteId,
      detail,
      figures,
      compose: (announced) =>
        composeAlertMessage({
          ...announced,
          rule: decision.rule,
          subject: decision.subject,
          detail,
          figures,
          occurredAt: now,
          dashboardUrl,
        }),
    };
  }
}
