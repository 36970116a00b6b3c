import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry, PartitionProgressGauges } from '#platform';

@Injectable()
export class AlertsMetrics {
  readonly evaluations: Counter<'outcome'>;
  readonly evaluationSeconds: Histogram<string>;
  readonly notifications: Counter<'rule' | 'kind'>;
  readonly deliveries: Counter<'kind' | 'outcome'>;
  readonly leader: Gauge<string>;
  readonly trackerWatchRounds: Counter<'outcome'>;
  /** Of every station-events partition, set by the leader only. */
  readonly trackerProgress: PartitionProgressGauges;

  constructor(metrics: MetricsRegistry) {
    this.evaluations = metrics.counter({
      name: 'alerts_evaluations_total',
      help: 'Evaluation rounds by outcome (completed, standby, failed)',
      labelNames: ['outcome'],
    });
    this.evaluationSeconds = metrics.histogram({
      name: 'alerts_evaluation_seconds',
      help: 'Time to evaluate every site once',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.notifications = metrics.counter({
      name: 'alerts_notifications_total',
      help: 'Alert states announced (firing, escalated, reminder, resolved), by rule',
      labelNames: ['rule', 'kind'],
    });
    this.deliveries = metrics.counter({
      name: 'alerts_webhook_attempts_total',
      help: 'Webhook delivery attempts by webhook kind and outcome (delivered, retry, failed)',
      labelNames: ['kind', 'outcome'],
    });
    this.leader = metrics.gauge({
      name: 'alerts_leader',
      help: '1 while this instance holds the leader lock and so evaluates and sends',
    });
    this.trackerWatchRounds = metrics.counter({
      name: 'alerts_tracker_watch_rounds_total',
      help: "Leader's comparisons of the tracker's applied offsets with Kafka's watermarks, by outcome (completed, skipped, failed)",
      labelNames: ['outcome'],
    });
    this.trackerProgress = new PartitionProgressGauges(metrics, {
      partitionPrefix: 'alerts_tracker_partition',
      stalled: 'alerts_tracker_partitions_stalled',
      help: {
        lag: 'Messages of station-events waiting for the tracker, per partition (set by the leader)',
        secondsSinceProgress:
          'Seconds since the tracker last advanced the partition while messages waited (0 when nothing waits)',
        stalled:
          'Partitions with messages waiting and no progress for TRACKER_STALL_SECONDS (tracker_stalled alerts)',
      },
    });
  }

  /** A standby's view of the tracker would be stale: only the leader reports it. */
  clearTrackerProgress(): void {
    this.trackerProgress.clear();
  }
}
