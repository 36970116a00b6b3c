import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry, PartitionProgressGauges } from '#platform';
import type { BatchEffects } from './apply-station-events/station-event-batch-plan.js';

@Injectable()
export class TrackerMetrics {
  readonly events: Counter<'outcome'>;
  readonly rejections: Counter<'reason'>;
  readonly batchSeconds: Histogram<string>;
  readonly writeRetries: Counter<string>;
  readonly chunksWrittenTogether: Counter<string>;
  readonly transitionsRelayed: Counter<string>;
  readonly transitionRelayHeldSeconds: Gauge<string>;
  /** Of the partitions this tracker holds. */
  readonly progress: PartitionProgressGauges;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter({
      name: 'tracker_events_total',
      help: 'Station events applied, by outcome',
      labelNames: ['outcome'],
    });
    this.rejections = metrics.counter({
      name: 'tracker_rejections_total',
      help: 'Refused station events, by reason',
      labelNames: ['reason'],
    });
    this.batchSeconds = metrics.histogram({
      name: 'tracker_batch_seconds',
      help: 'Time of one transaction applying a chunk, or a group of small chunks of several partitions',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.writeRetries = metrics.counter({
      name: 'tracker_write_retries_total',
      help: 'Chunk writes retried because PostgreSQL was unavailable',
    });
    this.chunksWrittenTogether = metrics.counter({
      name: 'tracker_chunks_written_together_total',
      help: "Small chunks written in one transaction with other partitions' chunks (each chunk counted once)",
    });
    this.transitionsRelayed = metrics.counter({
      name: 'tracker_transitions_relayed_total',
      help: 'Transitions published on rack-transitions by this tracker',
    });
    this.transitionRelayHeldSeconds = metrics.gauge({
      name: 'tracker_transition_relay_held_seconds',
      help: 'How long committed transitions have waited behind an open transaction (0 when none wait)',
    });
    this.progress = new PartitionProgressGauges(metrics, {
      partitionPrefix: 'tracker_partition',
      stalled: 'tracker_partitions_stalled',
      help: {
        lag: 'Messages waiting in station-events per partition this tracker holds',
        secondsSinceProgress:
          'Seconds since the partition last advanced while messages waited (0 when nothing waits)',
        stalled: 'Partitions with messages waiting and no progress for TRACKER_STALL_SECONDS',
      },
    });
  }

  recordUnstorable(): void {
    this.events.inc({ outcome: 'rejected' });
    this.rejections.inc({ reason: 'unstorable' });
  }

  record(effects: BatchEffects): void {
    this.events.inc({ outcome: 'accepted' }, effects.accepted);
    this.events.inc({ outcome: 'duplicate' }, effects.duplicates);
    this.events.inc({ outcome: 'rejected' }, effects.rejections.length);
    for (const rejection of effects.rejections) this.rejections.inc({ reason: rejection.reason });
  }
}
