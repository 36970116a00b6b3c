import type { Gauge } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry.js';

/** One partition's progress as the gauges show it. */
export interface PartitionProgressRow {
  readonly partition: number;
  readonly lag: number;
  /** 0 when nothing waits. */
  readonly secondsSinceProgress: number;
}

export interface PartitionProgressGaugeNames {
  /** e.g. `tracker_partition` gives tracker_partition_lag and tracker_partition_seconds_since_progress. */
  readonly partitionPrefix: string;
  readonly stalled: string;
  readonly help: { readonly lag: string; readonly secondsSinceProgress: string; readonly stalled: string };
}

/**
 * The tracker's progress per station-events partition, as gauges: lag, seconds since progress, and how many
 * partitions are stalled. The tracker reports the partitions it holds; the alerts leader reports all of them.
 */
export class PartitionProgressGauges {
  readonly lag: Gauge<'partition'>;
  readonly secondsSinceProgress: Gauge<'partition'>;
  readonly stalled: Gauge<string>;

  constructor(metrics: MetricsRegistry, names: PartitionProgressGaugeNames) {
    const labelNames = ['partition'] as const;
    this.lag = metrics.gauge({ name: `${names.partitionPrefix}_lag`, help: names.help.lag, labelNames });
    this.secondsSinceProgress = metrics.gauge({
      name: `${names.partitionPrefix}_seconds_since_progress`,
      help: names.help.secondsSinceProgress,
      labelNames,
    });
    this.stalled = metrics.gauge({ name: names.stalled, help: names.help.stalled });
  }

  /** Replaces every partition's figures, so a partition no longer reported disappears. */
  report(rows: readonly PartitionProgressRow[], stalled: number): void {
    this.lag.reset();
    this.secondsSinceProgress.reset();
    for (const row of rows) {
      const labels = { partition: String(row.partition) };
      this.lag.set(labels, row.lag);
      this.secondsSinceProgress.set(labels, row.secondsSinceProgress);
    }
    this.stalled.set(stalled);
  }

  clear(): void {
    this.report([], 0);
  }
}
