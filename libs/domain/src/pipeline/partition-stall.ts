/**
 * When is a partition of `station-events` stuck? Pure, so the tracker (readiness, gauges) and the alerts
 * service (chat) decide it the same way. A partition is stalled when messages wait on it (its high
 * watermark is past the next offset to apply) and the next offset has not moved for `stallSeconds`.
 * A partition with nothing waiting is idle, never stalled, however long ago it last advanced.
 */
export interface PartitionProgress {
  readonly partition: number;
  /** The next offset the tracker will apply (everything before it is applied). */
  readonly nextOffset: bigint;
  /** Kafka's high watermark: the offset the next produced message will get. */
  readonly highWatermark: bigint;
  /** When `nextOffset` last moved, or when the watcher first saw the partition if it never has. */
  readonly lastProgressAt: Date;
}

export interface PartitionStall {
  readonly partition: number;
  /** The offset the partition is stuck at: the first message not yet applied. */
  readonly offset: bigint;
  /** Messages waiting behind it. */
  readonly lag: bigint;
  readonly stalledSeconds: number;
}

export function partitionLag(progress: PartitionProgress): bigint {
  const lag = progress.highWatermark - progress.nextOffset;
  return lag > 0n ? lag : 0n;
}

export function secondsSinceProgress(progress: PartitionProgress, now: Date): number {
  return Math.max(0, (now.getTime() - progress.lastProgressAt.getTime()) / 1000);
}

export function findStalledPartitions(
  partitions: readonly PartitionProgress[],
  now: Date,
  stallSeconds: number,
): PartitionStall[] {
  return partitions
    .filter((progress) => partitionLag(progress) > 0n && secondsSinceProgress(progress, now) >= stallSeconds)
    .map((progress) => ({
      partition: progress.partition,
      offset: progress.nextOffset,
      lag: partitionLag(progress),
      stalledSeconds: Math.floor(secondsSinceProgress(progress, now)),
    }))
    .sort((a, b) => a.partition - b.partition);
}

/** The one sentence the tracker's readiness, its log and the chat alert all use. */
export function describeStall(stall: PartitionStall): string {
  return `tracker stalled on partition ${stall.partition} at offset ${stall.offset} (${stall.lag} waiting, no progress for ${stall.stalledSeconds} s)`;
}
