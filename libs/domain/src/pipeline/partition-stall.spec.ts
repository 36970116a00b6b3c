import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { describeStall, findStalledPartitions, type PartitionProgress } from './partition-stall.js';

const now = new Date('2026-12-05T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const progress = (
  partition: number,
  nextOffset: number,
  highWatermark: number,
  secondsAgo: number,
): PartitionProgress => ({
  partition,
  nextOffset: BigInt(nextOffset),
  highWatermark: BigInt(highWatermark),
  lastProgressAt: ago(secondsAgo),
});

describe('findStalledPartitions', () => {
  it.each([
    ['messages wait and nothing moved for longer than the limit', progress(7, 100, 101, 61), [7]],
    ['exactly at the limit counts as stalled', progress(7, 100, 150, 60), [7]],
    ['messages wait but it moved recently', progress(7, 100, 150, 59), []],
    ['nothing waits, however long ago it moved (idle, not stuck)', progress(7, 100, 100, 86400), []],
    ['the watermark behind the offset (compacted or reset topic) is not lag', progress(7, 100, 90, 3600), []],
  ])('%s', (_case, partition, expected) => {
    expect(findStalledPartitions([partition], now, 60).map((stall) => stall.partition)).toEqual(expected);
  });

  it('names partition, offset and lag, sorted by partition', () => {
    const stalls = findStalledPartitions([progress(9, 5, 8, 120), progress(2, 40, 41, 300)], now, 60);
    expect(stalls).toEqual([
      { partition: 2, offset: 40n, lag: 1n, stalledSeconds: 300 },
      { partition: 9, offset: 5n, lag: 3n, stalledSeconds: 120 },
    ]);
    expect(describeStall(stalls[0]!)).toBe(
      'tracker stalled on partition 2 at offset 40 (1 waiting, no progress for 300 s)',
    );
  });

  it('a partition is reported if and only if it has lag and has been still for the limit', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(7200),
        fc.integer({ min: 1, max: 3600 }),
        (next, watermark, still, limit) => {
          const stalls = findStalledPartitions([progress(0, next, watermark, still)], now, limit);
          expect(stalls.length === 1).toBe(watermark > next && still >= limit);
        },
      ),
    );
  });
});
