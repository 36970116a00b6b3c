import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { TOPICS } from '#contracts';
import {
  describeStall,
  findStalledPartitions,
  partitionLag,
  secondsSinceProgress,
  type PartitionProgress,
  type PartitionStall,
} from '#domain';
import { ConsumerOffsetRepository } from '#persistence';
import { KAFKA_CLIENT, ReadinessConditions, type ReadinessCondition } from '#platform';
import { TrackerConfig } from '../tracker.config.js';
import { TrackerMetrics } from '../tracker.metrics.js';

/**
 * Makes a stuck partition visible. Every TRACKER_PROGRESS_POLL_MS it compares, for the partitions this member
 * holds, the next offset to apply (in PostgreSQL, beside the effects) with Kafka's high watermark: per-partition
 * lag and seconds since progress go to /metrics, and a partition stalled for TRACKER_STALL_SECONDS makes
 * readiness `degraded`, naming partition and offset. It reads the database, not the consumer's memory, so a
 * consumer wedged anywhere (a retry loop, a fetch that never returns) shows the same.
 */
@Injectable()
export class PartitionProgressWatcher implements ReadinessCondition, OnApplicationShutdown {
  readonly name = 'partitions';
  private readonly logger = new Logger(PartitionProgressWatcher.name);
  private readonly admin: Admin;
  private readonly topic: string;
  private assigned: number[] = [];
  /** When the watcher first saw messages waiting on a partition (cleared once nothing waits). */
  private readonly waitingSince = new Map<number, Date>();
  private stalls: PartitionStall[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly offsets: ConsumerOffsetRepository,
    private readonly config: TrackerConfig,
    private readonly metrics: TrackerMetrics,
    conditions: ReadinessConditions,
  ) {
    this.admin = kafka.admin();
    this.topic = config.topic(TOPICS.stationEvents.name);
    conditions.register(this);
  }

  degradation(): string | null {
    return this.stalls.length === 0 ? null : this.stalls.map(describeStall).join('; ');
  }

  /** Called by the consumer after every rebalance with the partitions this member now holds. */
  onAssignment(partitions: number[]): void {
    this.assigned = [...partitions].sort((a, b) => a - b);
    for (const partition of this.waitingSince.keys())
      if (!this.assigned.includes(partition)) this.waitingSince.delete(partition);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, this.config.TRACKER_PROGRESS_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    await this.admin.disconnect().catch(() => undefined);
  }

  async poll(): Promise<void> {
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
    await this.admin.connect();
    const watermarks = await this.admin.fetchTopicOffsets(this.topic);
    const applied = new Map(
      (
        await this.offsets.appliedPositions(this.dataSource, this.config.TRACKER_CONSUMER_GROUP, this.topic)
      ).map((position) => [position.partition, position]),
    );
    return this.assigned.flatMap((partition) => {
      const watermark = watermarks.find((entry) => entry.partition === partition);
      if (!watermark) return [];
      const position = applied.get(partition);
      const highWatermark = BigInt(watermark.high);
      const nextOffset = position?.nextOffset ?? BigInt(watermark.low);
      if (highWatermark <= nextOffset) {
        this.waitingSince.delete(partition);
      } else if (!this.waitingSince.has(partition)) {
        this.waitingSince.set(partition, now);
      }
      // Progress is the later of the last advance (by the database's clock) and the moment messages began to
      // wait: a partition idle for a day that receives one message has not been stuck for a day.
      const lastAdvance = position ? now.getTime() - position.sinceUpdateMs : 0;
      const waiting = this.waitingSince.get(partition)?.getTime() ?? now.getTime();
      return [
        { partition, nextOffset, highWatermark, lastProgressAt: new Date(Math.max(lastAdvance, waiting)) },
      ];
    });
  }

  private report(progress: readonly PartitionProgress[], now: Date): void {
    this.metrics.partitionLag.reset();
    this.metrics.secondsSinceProgress.reset();
    for (const partition of progress) {
      const labels = { partition: String(partition.partition) };
      const lag = partitionLag(partition);
      this.metrics.partitionLag.set(labels, Number(lag));
      this.metrics.secondsSinceProgress.set(
        labels,
        lag > 0n ? Math.floor(secondsSinceProgress(partition, now)) : 0,
      );
    }
    const stalls = findStalledPartitions(progress, now, this.config.TRACKER_STALL_SECONDS);
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
    this.metrics.stalledPartitions.set(stalls.length);
  }
}
