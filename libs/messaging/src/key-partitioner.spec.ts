import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { KeyPartitioner, murmur2 } from './key-partitioner.js';

function partitions(count: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
}

describe('murmur2', () => {
  // The Java client's own test vectors (Kafka's UtilsTest): a rack must land where a Java producer puts it.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as the Java client does', (key, hash) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });
});

describe('KeyPartitioner', () => {
  const kafkajs = Partitioners.DefaultPartitioner();
  const ours = KeyPartitioner();

  it('puts every string key on the partition kafkajs would', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 1, max: 64 }),
        (key, count) => {
          const args = {
            topic: 'rack-transitions',
            partitionMetadata: partitions(count),
            message: { key, value: '' },
          };
          expect(ours(args)).toBe(kafkajs(args));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('puts every byte key on the partition kafkajs would', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 1, max: 64 }), (bytes, count) => {
        const key = Buffer.from(bytes);
        const args = {
          topic: 'station-events',
          partitionMetadata: partitions(count),
          message: { key, value: '' },
        };
        expect(ours(args)).toBe(kafkajs(args));
      }),
    );
  });

  it('keeps a partition the message names, and the mapping stays put across keys longer than its buffer', () => {
    const longKey = 'R'.repeat(5000);
    const metadata = partitions(12);
    expect(
      ours({ topic: 't', partitionMetadata: metadata, message: { key: 'RK-1', value: '', partition: 7 } }),
    ).toBe(7);
    const args = { topic: 't', partitionMetadata: metadata, message: { key: longKey, value: '' } };
    expect(ours(args)).toBe(kafkajs(args));
    const short = { topic: 't', partitionMetadata: metadata, message: { key: 'RK-000042', value: '' } };
    expect(ours(short)).toBe(kafkajs(short));
  });

  it('spreads keyless messages round-robin over the partitions that have a leader', () => {
    const metadata = partitions(4, [1, 3]);
    const chosen = Array.from({ length: 6 }, () =>
      ours({ topic: 't', partitionMetadata: metadata, message: { value: '' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 2]));
    expect(chosen.filter((partition) => partition === 0)).toHaveLength(3);
  });
});
