import type { NotificationKind } from '../throughput/alert-lifecycle.js';
import { NOTIFICATION_PREFIXES, type AlertFact } from '../throughput/alert-message.js';
import {
  reconcileKeyedAlerts,
  type KeyedAlertDecision,
  type KeyedObservation,
  type OpenKeyedAlert,
} from '../throughput/alert-reconciliation.js';
import type { AlertSeverity, RuleThresholds } from '../throughput/alert-rule-set.js';
import {
  describeStall,
  findStalledPartitions,
  partitionLag,
  secondsSinceProgress,
  type PartitionProgress,
} from './partition-stall.js';

/**
 * Alerts about the pipeline itself rather than one site's throughput. They are stored without a site,
 * keyed by rule and subject (the partition), and every webhook hears them whatever sites it is limited
 * to: a stalled partition holds back the racks of every site whose serials hash to it.
 */
export const PIPELINE_ALERT_RULES = ['tracker_stalled'] as const;
export type PipelineAlertRuleName = (typeof PIPELINE_ALERT_RULES)[number];

export function isPipelineAlertRuleName(value: unknown): value is PipelineAlertRuleName {
  return typeof value === 'string' && (PIPELINE_ALERT_RULES as readonly string[]).includes(value);
}

export const PIPELINE_RULE_LABELS: Readonly<Record<PipelineAlertRuleName, string>> = {
  tracker_stalled: 'Tracker stalled',
};

/**
 * A stall fires at once (the stall limit is its grace period), is critical from the start, clears as soon
 * as the partition moves or has nothing waiting, and is re-sent hourly while it lasts.
 */
export const TRACKER_STALL_RULE: RuleThresholds = Object.freeze({
  enabled: true,
  severity: 'critical',
  tolerance: 0,
  hysteresis: 0,
  escalateAbove: null,
  graceMinutes: 0,
  cooldownMinutes: 60,
} satisfies RuleThresholds);

/** Where a partition stands at an evaluation: the pipeline's counterpart of a site's week figures. */
export interface PartitionFigures {
  readonly topic: string;
  readonly consumerGroup: string;
  readonly partition: number;
  /** Offsets as decimal strings: JSON has no 64-bit integers. */
  readonly nextOffset: string;
  readonly highWatermark: string;
  readonly lag: string;
  readonly secondsSinceProgress: number;
}

/** What a stalled partition measured when last seen stalled. */
export interface TrackerStallDetail {
  readonly rule: 'tracker_stalled';
  readonly partition: number;
  /** The first message not applied: where the partition is stuck. */
  readonly offset: string;
  readonly lag: string;
  readonly stalledSeconds: number;
  readonly limitSeconds: number;
}

export interface TrackerStallObservation extends KeyedObservation<PipelineAlertRuleName> {
  readonly detail: TrackerStallDetail | null;
  readonly figures: PartitionFigures;
}

export type OpenPipelineAlert = OpenKeyedAlert<PipelineAlertRuleName>;
export type PipelineAlertDecision = KeyedAlertDecision<PipelineAlertRuleName, TrackerStallObservation>;

/** Which consumer group on which topic the partitions belong to. */
export interface WatchedConsumer {
  readonly topic: string;
  readonly consumerGroup: string;
}

export function partitionSubject(partition: number): string {
  return String(partition);
}

export function partitionFigures(
  progress: PartitionProgress,
  watched: WatchedConsumer,
  now: Date,
): PartitionFigures {
  return {
    topic: watched.topic,
    consumerGroup: watched.consumerGroup,
    partition: progress.partition,
    nextOffset: progress.nextOffset.toString(),
    highWatermark: progress.highWatermark.toString(),
    lag: partitionLag(progress).toString(),
    secondsSinceProgress: Math.floor(secondsSinceProgress(progress, now)),
  };
}

/**
 * One observation per partition: a stalled one breaches by how many stall limits it has waited (so at
 * least 1), any other is clear (0). The stall rule itself is `findStalledPartitions`.
 */
export function trackerStallObservations(
  partitions: readonly PartitionProgress[],
  watched: WatchedConsumer,
  now: Date,
  limitSeconds: number,
): TrackerStallObservation[] {
  const stalls = new Map(
    findStalledPartitions(partitions, now, limitSeconds).map((stall) => [stall.partition, stall]),
  );
  return partitions.map((progress) => {
    const stall = stalls.get(progress.partition);
    return {
      rule: 'tracker_stalled',
      subject: partitionSubject(progress.partition),
      breach: stall ? Math.max(1, stall.stalledSeconds / limitSeconds) : 0,
      detail: stall
        ? {
            rule: 'tracker_stalled',
            partition: stall.partition,
            offset: stall.offset.toString(),
            lag: stall.lag.toString(),
            stalledSeconds: stall.stalledSeconds,
            limitSeconds,
          }
        : null,
      figures: partitionFigures(progress, watched, now),
    };
  });
}

/** The alert lifecycle for every partition at once; a partition no longer reported counts as clear. */
export function reconcileTrackerStalls(
  open: readonly OpenPipelineAlert[],
  observations: readonly TrackerStallObservation[],
  now: Date,
): PipelineAlertDecision[] {
  return reconcileKeyedAlerts(open, observations, () => TRACKER_STALL_RULE, now);
}

export interface TrackerStallMessageInput {
  readonly alertId: string;
  readonly subject: string;
  readonly notification: NotificationKind;
  readonly severity: AlertSeverity;
  /** The stall as last measured; null only for an alert that never recorded one. */
  readonly detail: TrackerStallDetail | null;
  /** The partition now (for a resolution: where it has moved to). */
  readonly figures: PartitionFigures;
  readonly occurredAt: Date;
  readonly dashboardUrl: string;
}

/** What a pipeline alert says; the same shape as a site alert's message, without a site or a week. */
export interface PipelineAlertMessage {
  readonly alertId: string;
  readonly rule: PipelineAlertRuleName;
  readonly siteId: null;
  readonly subject: string;
  readonly notification: NotificationKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly summary: string;
  readonly outlook: null;
  readonly facts: readonly AlertFact[];
  readonly occurredAt: string;
  readonly dashboardUrl: string;
  readonly figures: PartitionFigures;
  readonly detail: TrackerStallDetail | null;
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function composeTrackerStallMessage(input: TrackerStallMessageInput): PipelineAlertMessage {
  const { detail, figures } = input;
  const offset = detail?.offset ?? figures.nextOffset;
  const resolved = input.notification === 'resolved';
  const held = 'Events on this partition are accepted at ingest but not applied until it moves.';
  let summary: string;
  if (resolved) {
    summary = `Partition ${figures.partition} is moving again: the tracker is at offset ${figures.nextOffset} with ${figures.lag} waiting.`;
  } else if (detail) {
    const stall = {
      partition: detail.partition,
      offset: BigInt(detail.offset),
      lag: BigInt(detail.lag),
      stalledSeconds: detail.stalledSeconds,
    };
    summary = `${capitalised(describeStall(stall))}. ${held}`;
  } else {
    summary = `The tracker has not moved partition ${figures.partition} past offset ${offset}. ${held}`;
  }
  const facts: AlertFact[] = [
    { label: 'Severity', value: input.severity },
    { label: 'Partition', value: String(figures.partition) },
    { label: resolved ? 'Was stuck at offset' : 'Stuck at offset', value: offset },
    ...(resolved ? [{ label: 'Now at offset', value: figures.nextOffset }] : []),
    { label: 'Waiting', value: `${figures.lag} messages` },
    ...(detail && !resolved
      ? [{ label: 'No progress for', value: `${detail.stalledSeconds} s (limit ${detail.limitSeconds} s)` }]
      : []),
    { label: 'Topic', value: figures.topic },
    { label: 'Consumer group', value: figures.consumerGroup },
  ];
  return {
    alertId: input.alertId,
    rule: 'tracker_stalled',
    siteId: null,
    subject: input.subject,
    notification: input.notification,
    severity: input.severity,
    title: `${NOTIFICATION_PREFIXES[input.notification]}${PIPELINE_RULE_LABELS.tracker_stalled} on partition ${figures.partition} at offset ${offset}`,
    summary,
    outlook: null,
    facts,
    occurredAt: input.occurredAt.toISOString(),
    dashboardUrl: input.dashboardUrl,
    figures,
    detail,
  };
}
