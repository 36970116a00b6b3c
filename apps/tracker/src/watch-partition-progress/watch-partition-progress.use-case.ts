import { Injectable, Logger } from '@nestjs/common';
import { TOPICS } from '#contracts';
import {
  describeStall,
  findStalledPartitions,
  partitionLag,
  readPartitionProgress,
  secondsSinceProgress,
  type PartitionProgress,
  type PartitionStall,
} from '#domain';
import { TopicWatermarks } from '#messaging';
import { UnitOfWork } from '#persistence';
import { ReadinessConditions, type ReadinessCondition } from '#platform';
import { TrackerConfig } from '../tracker.config.js';
import { TrackerMetrics } from '../tracker.metrics.js';

/**
 * Makes a stuck partition visible. Each round (every TRACKER_PROGRESS_POLL_MS, PartitionProgressScheduler) compares, for the partitions this member
 * holds, the next offset to apply (in PostgreSQL, beside the effects) with Kafka's high watermark: per-partition
 * lag and seconds since progress go to /metrics, and a partition stalled for TRACKER_STALL_SECONDS makes
 * readiness `degraded`, naming partition and offset. It reads the database, not the consumer's memory, so a
 * consumer wedged anywhere (a retry loop, a fetch that never returns) shows the same.
 */
@Injectable()
export class WatchPartitionProgressUseCase implements ReadinessCondition {
  readonly name = 'partitions';
  private readonly logger = new Logger(WatchPartitionProgressUseCase.name);
  private readonly topic: string;
  private assigned: number[] = [];
  /** When the watcher first saw messages waiting on a partition (dropped once nothing waits). */
  private waitingSince: ReadonlyMap<number, Date> = new Map();
  private stalls: PartitionStall[] = [];

  constructor(
    private readonly watermarks: TopicWatermarks,
    private readonly uow: UnitOfWork,
    private readonly config: TrackerConfig,
    private readonly metrics: TrackerMetrics,
    conditions: ReadinessConditions,
  ) {
    this.topic = config.topic(TOPICS.stationEvents.name);
    conditions.register(this);
  }

  degradation(): string | null {
    return this.stalls.length === 0 ? null : this.stalls.map(describeStall).join('; ');
  }

  /** Called by the consumer after every rebalance with the partitions this member now holds. */
  onAssignment(partitions: number[]): void {
    this.assigned = [...partitions].sort((a, b) => a - b);
  }

  /** One round; never rejects. */
  async execute(): Promise<void> {
    try {
      const progress = await this.readProgress(new Date());
      this.report(progress, new Date());
    } catch (error) {
      // Kafka or PostgreSQL away: their own readiness checks say so; keep the last verdict until we know more.
      this.logger.debug({ msg: 'cannot read partition progress now', error: String(error).slice(0, 300) });
    }
  }

  private async readProgress(now: Date): Promise<PartitionProgress[]> {
    if (this.assigned.length === 0) return [];
    const watermarks = (await this.watermarks.read(this.topic)).filter((entry) =>
      this.assigned.includes(entry.partition),
    );
    const { consumerOffsets, db } = this.uow.pool;
    const applied = await consumerOffsets.appliedPositions(
      db,
      this.config.TRACKER_CONSUMER_GROUP,
      this.topic,
    );
    const reading = readPartitionProgress(watermarks, applied, this.waitingSince, now);
    this.waitingSince = reading.waitingSince;
    return reading.progress;
  }

  private report(progress: readonly PartitionProgress[], now: Date): void {
    const stalls = findStalledPartitions(progress, now, this.config.TRACKER_STALL_SECONDS);
    this.metrics.progress.report(
      progress.map((partition) => {
        const lag = partitionLag(partition);
        const waited = lag > 0n ? Math.floor(secondsSinceProgress(partition, now)) : 0;
        return { partition: partition.partition, lag: Number(lag), secondsSinceProgress: waited };
      }),
      stalls.length,
    );
    const before = new Set(this.stalls.map((stall) => stall.partition));
    const after = new Set(stalls.map((stall) => stall.partition));
    for (const stall of stalls)
      if (!before.has(stall.partition))
        this.logger.error({
          msg: describeStall(stall),
          partition: stall.partition,
          offset: String(stall.offset),
        });
    for (const stall of this.stalls)
      if (!after.has(stall.partition))
        this.logger.log({ msg: `partition ${stall.partition} advancing again`, partition: stall.partition });
    this.stalls = stalls;
  }
}
