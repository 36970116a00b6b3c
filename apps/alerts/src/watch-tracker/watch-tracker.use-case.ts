import { Injectable, Logger } from '@nestjs/common';
import { TOPICS } from '#contracts';
import {
  composeTrackerStallMessage,
  isPipelineAlertRuleName,
  readPartitionProgress,
  reconcileTrackerStalls,
  trackerStallObservations,
  type PartitionFigures,
  type PipelineAlertDecision,
  type TrackerStallDetail,
  type TrackerStallObservation,
  type WatchedConsumer,
} from '#domain';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import { UnitOfWork, type Repositories, type StoredAlert } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { openAlertsOf, writeAlertStep, type AlertContent } from '../common/alert-writer.js';
import { TopicWatermarks } from '#messaging';

export interface TrackerWatchSummary {
  partitions: number;
  stalled: number;
  notifications: number;
  deliveriesQueued: number;
}

/**
 * Watches the tracker from outside: compares the offsets it has applied (in PostgreSQL, beside their
 * effects) with Kafka's high watermarks, and raises a site-less `tracker_stalled` alert for each partition
 * with messages waiting and no progress for TRACKER_STALL_SECONDS, resolved once it moves again. It needs
 * nothing from the tracker process, so it fires just the same when the tracker is dead or wedged.
 *
 * Alerts are written with their history and webhook outbox rows in one transaction under the pipeline's
 * evaluation lock, exactly as site alerts are, so each state is queued once and delivered with retries.
 */
@Injectable()
export class WatchTrackerUseCase {
  private readonly logger = new Logger(WatchTrackerUseCase.name);
  private readonly watched: WatchedConsumer;
  /** When this instance first saw messages waiting on each partition. */
  private waitingSince: ReadonlyMap<number, Date> = new Map();

  constructor(
    private readonly config: AlertsConfig,
    private readonly uow: UnitOfWork,
    private readonly watermarks: TopicWatermarks,
    private readonly clock: Clock,
    private readonly dashboard: DashboardLink,
    private readonly metrics: AlertsMetrics,
  ) {
    this.watched = {
      topic: config.topic(TOPICS.stationEvents.name),
      consumerGroup: config.TRACKER_CONSUMER_GROUP,
    };
  }

  /** After losing leadership this instance's view is stale: start over if it leads again. */
  forget(): void {
    this.waitingSince = new Map();
    this.metrics.clearTrackerProgress();
  }

  /** null when another instance is evaluating the pipeline's alerts right now. */
  async execute(): Promise<TrackerWatchSummary | null> {
    const watermarks = await this.watermarks.read(this.watched.topic);
    const { consumerOffsets, db } = this.uow.pool;
    const applied = await consumerOffsets.appliedPositions(
      db,
      this.watched.consumerGroup,
      this.watched.topic,
    );
    const now = this.clock.now();
    const reading = readPartitionProgress(watermarks, applied, this.waitingSince, now);
    this.waitingSince = reading.waitingSince;
    const observations = trackerStallObservations(
      reading.progress,
      this.watched,
      now,
      this.config.TRACKER_STALL_SECONDS,
    );
    this.report(observations);
    const outcome = await this.uow.write((repositories) => this.evaluate(repositories, observations, now));
    if (outcome === null) return null;
    return {
      partitions: observations.length,
      stalled: observations.filter((observation) => observation.detail !== null).length,
      ...outcome,
    };
  }

  private report(observations: readonly TrackerStallObservation[]): void {
    this.metrics.trackerProgress.report(
      observations.map(({ figures }) => ({
        partition: figures.partition,
        lag: Number(figures.lag),
        secondsSinceProgress: figures.lag === '0' ? 0 : figures.secondsSinceProgress,
      })),
      observations.filter((observation) => observation.detail !== null).length,
    );
  }

  private async evaluate(
    repositories: Repositories,
    observations: readonly TrackerStallObservation[],
    now: Date,
  ): Promise<{ notifications: number; deliveriesQueued: number } | null> {
    if (!(await repositories.alerts.tryLockPipelineEvaluation())) return null;
    const stored = await repositories.alerts.findOpenPipeline('tracker_stalled');
    const decisions = reconcileTrackerStalls(
      openAlertsOf(stored, isPipelineAlertRuleName),
      observations,
      now,
    );
    const webhooks = decisions.some((decision) => decision.notification !== null)
      ? await repositories.webhooks.findActive()
      : [];
    const outcome = { notifications: 0, deliveriesQueued: 0 };
    for (const decision of decisions) {
      const previous = stored.find((alert) => alert.id === decision.alertId) ?? null;
      const content = this.contentOf(decision, previous, now);
      outcome.deliveriesQueued += await writeAlertStep(repositories, decision, content, webhooks, now);
      if (decision.notification === null) continue;
      outcome.notifications += 1;
      this.metrics.notifications.inc({ rule: decision.rule, kind: decision.notification });
      this.logger.log({
        msg: 'alert state announced',
        rule: decision.rule,
        partition: decision.subject,
        offset:
          decision.observation?.detail?.offset ?? (previous?.detail as TrackerStallDetail | null)?.offset,
        notification: decision.notification,
      });
    }
    return outcome;
  }

  /** What a decision states: the stall as last measured (a resolution still names where it was stuck). */
  private contentOf(
    decision: PipelineAlertDecision,
    previous: StoredAlert | null,
    now: Date,
  ): AlertContent | null {
    const detail = decision.observation?.detail ?? (previous?.detail as TrackerStallDetail | null) ?? null;
    const figures = decision.observation?.figures ?? (previous?.figures as PartitionFigures | undefined);
    if (figures === undefined) return null;
    return {
      siteId: null,
      detail,
      figures,
      compose: (announced) =>
        composeTrackerStallMessage({
          ...announced,
          subject: decision.subject,
          detail,
          figures,
          occurredAt: now,
          dashboardUrl: this.dashboard.forSite(),
        }),
    };
  }
}
