import { describe, expect, it } from '@jest/globals';
import { readPartitionProgress, type AppliedOffset, type PartitionWatermarks } from './partition-progress.js';
import { findStalledPartitions } from './partition-stall.js';

const NOW = new Date('2026-12-05T10:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const marks = (partition: number, low: number, high: number): PartitionWatermarks => ({
  partition,
  low: BigInt(low),
  high: BigInt(high),
});
const applied = (partition: number, nextOffset: number, secondsAgo: number): AppliedOffset => ({
  partition,
  nextOffset: BigInt(nextOffset),
  sinceUpdateMs: secondsAgo * 1000,
});

describe('readPartitionProgress', () => {
  it('takes the applied offset and its last advance when messages have waited longer than that', () => {
    const { progress, waitingSince } = readPartitionProgress(
      [marks(3, 0, 120)],
      [applied(3, 100, 300)],
      new Map([[3, ago(400)]]),
      NOW,
    );
    expect(progress).toEqual([
      { partition: 3, nextOffset: 100n, highWatermark: 120n, lastProgressAt: ago(300) },
    ]);
    expect(waitingSince).toEqual(new Map([[3, ago(400)]]));
  });

  it('counts an idle partition that just received a message as waiting from now, not since its last advance', () => {
    const { progress, waitingSince } = readPartitionProgress(
      [marks(3, 0, 101)],
      [applied(3, 100, 86_400)],
      new Map(),
      NOW,
    );
    expect(progress[0].lastProgressAt).toEqual(NOW);
    expect(waitingSince.get(3)).toEqual(NOW);
    expect(findStalledPartitions(progress, NOW, 60)).toEqual([]);
  });

  it('starts a partition never applied at its low watermark, stuck since first seen waiting', () => {
    const first = readPartitionProgress([marks(5, 40, 45)], [], new Map(), ago(90));
    const later = readPartitionProgress([marks(5, 40, 45)], [], first.waitingSince, NOW);
    expect(later.progress).toEqual([
      { partition: 5, nextOffset: 40n, highWatermark: 45n, lastProgressAt: ago(90) },
    ]);
    expect(findStalledPartitions(later.progress, NOW, 60)).toEqual([
      { partition: 5, offset: 40n, lag: 5n, stalledSeconds: 90 },
    ]);
  });

  it('forgets when messages began to wait once nothing waits', () => {
    const { progress, waitingSince } = readPartitionProgress(
      [marks(1, 0, 10), marks(0, 0, 0)],
      [applied(1, 10, 5)],
      new Map([
        [1, ago(600)],
        [0, ago(600)],
      ]),
      NOW,
    );
    expect(progress.map((entry) => entry.partition)).toEqual([0, 1]);
    expect(waitingSince.size).toBe(0);
    expect(findStalledPartitions(progress, NOW, 60)).toEqual([]);
  });

  it('ignores applied offsets of partitions Kafka does not report', () => {
    expect(readPartitionProgress([], [applied(9, 10, 5)], new Map(), NOW).progress).toEqual([]);
  });
});
