import { randomInt } from 'node:crypto';
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's key hash: murmur2 with the Java client's seed and finish, over the key's UTF-8 bytes, as a signed
 * 32-bit integer. Java computes it in 32-bit ints, and Math.imul multiplies as Java does, so no wider
 * arithmetic is needed.
 */
export function murmur2(bytes: Uint8Array, length = bytes.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last one to three bytes, as Java's switch falls through them.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= bytes[whole + 2] << 16;
    if (tail >= 2) h ^= bytes[whole + 1] << 8;
    h ^= bytes[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const encoder = new TextEncoder();

/**
 * The partitioner of every producer here: a keyed message goes to murmur2(key) mod partitions, the mapping
 * of the Java client and of kafkajs' DefaultPartitioner (the spec checks both agree), so a rack serial lands
 * on the same partition whoever produces it. kafkajs computes the hash with 64-bit Long objects, a dozen
 * allocations per four bytes of key, and filters the partition list for every message; relaying a chunk's
 * transitions, that was a tenth of the tracker's garbage. A message without a key (none of ours has one)
 * goes round-robin over the partitions that have a leader, as kafkajs does.
 */
export const KeyPartitioner: ICustomPartitioner = () => {
  let scratch = new Uint8Array(256);
  let next = randomInt(0x7fffffff);
  return ({ partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    const { key } = message;
    if (key !== null && key !== undefined) {
      let hash: number;
      if (typeof key === 'string') {
        // At most three bytes per UTF-16 unit; the scratch buffer grows once for a longer key.
        if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3);
        hash = murmur2(scratch, encoder.encodeInto(key, scratch).written);
      } else {
        hash = murmur2(key);
      }
      return (hash & 0x7fffffff) % partitionMetadata.length;
    }
    const led = partitionMetadata.filter((partition) => partition.leader >= 0);
    next = (next + 1) & 0x7fffffff;
    return led.length > 0 ? led[next % led.length].partitionId : next % partitionMetadata.length;
  };
};
