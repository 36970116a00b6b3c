import type { PartitionProgress } from './partition-stall.js';

/** Kafka's offsets of one partition: the oldest message still kept, and the offset of the next one produced. */
export interface PartitionWatermarks {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/**
 * How far the consumer group has applied one partition, and how long ago that last moved, measured by the
 * database's clock (so a skewed clock where this runs can neither make up nor hide a stall). The shape of
 * the consumer-offset rows, so callers pass them as read.
 */
export interface AppliedOffset {
  readonly partition: number;
  readonly nextOffset: bigint;
  readonly sinceUpdateMs: number;
}

export interface ProgressReading {
  readonly progress: PartitionProgress[];
  /** Carry this into the next reading: when each partition was first seen with messages waiting. */
  readonly waitingSince: ReadonlyMap<number, Date>;
}

/**
 * Joins Kafka's watermarks with the group's applied offsets, one entry per partition Kafka reports. A
 * partition the group never applied starts at its low watermark (what a fresh consumer reads first).
 * Progress is the later of the last advance and the moment messages were first seen waiting: a partition
 * idle for a day that receives one message has not been stuck for a day, and one never applied has been
 * stuck since it was first seen waiting.
 */
export function readPartitionProgress(
  watermarks: readonly PartitionWatermarks[],
  applied: readonly AppliedOffset[],
  waitingSince: ReadonlyMap<number, Date>,
  now: Date,
): ProgressReading {
  const appliedByPartition = new Map(applied.map((offset) => [offset.partition, offset]));
  const nextWaitingSince = new Map<number, Date>();
  const progress = [...watermarks]
    .sort((a, b) => a.partition - b.partition)
    .map((watermark): PartitionProgress => {
      const position = appliedByPartition.get(watermark.partition);
      const nextOffset = position?.nextOffset ?? watermark.low;
      const waiting = watermark.high > nextOffset;
      const since = waiting ? (waitingSince.get(watermark.partition) ?? now) : null;
      if (since) nextWaitingSince.set(watermark.partition, since);
      const lastAdvance =
        position === undefined ? Number.NEGATIVE_INFINITY : now.getTime() - position.sinceUpdateMs;
      return {
        partition: watermark.partition,
        nextOffset,
        highWatermark: watermark.high,
        lastProgressAt: new Date(Math.max(lastAdvance, (since ?? now).getTime())),
      };
    });
  return { progress, waitingSince: nextWaitingSince };
}
