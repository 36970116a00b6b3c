import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

/*
 * patches/kafkajs+2.2.4.patch (applied by `npm ci`, postinstall) makes kafkajs group a produce request's messages
 * by partition in one pass: as released, it copied a partition's array for every message it added, and the
 * transition relay's batches of 1,000 are nearly always one partition (a station-events chunk's racks all map to
 * one rack-transitions partition). The patch must not change what is grouped where, nor the order within a
 * partition, which is the order Kafka keeps per rack.
 */

interface GroupingInput {
  topic: string;
  partitionMetadata: { partitionId: number }[];
  messages: { key: string; partition: number }[];
  partitioner: (args: { message: { partition: number } }) => number;
}
type Grouping = (input: GroupingInput) => Record<string, { key: string; partition: number }[]>;

const requireFromHere = createRequire(import.meta.url);
const groupMessagesPerPartition = requireFromHere(
  'kafkajs/src/producer/groupMessagesPerPartition.js',
) as Grouping;

/** kafkajs 2.2.4's grouping as released: the reference the patched one must agree with. */
const releasedGrouping: Grouping = ({ partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {};
  return messages.reduce<Record<string, GroupingInput['messages']>>((result, message) => {
    const partition = partitioner({ message });
    return Object.assign(result, { [partition]: [...(result[partition] ?? []), message] });
  }, {});
};

describe("kafkajs' grouping of a produce request by partition (patched)", () => {
  it('groups every message under its partition, in the order given, as the released version did', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.nat({ max: 11 }), { maxLength: 300 }),
        (partitionCount, partitionOfEach) => {
          const input: GroupingInput = {
            topic: 'rack-transitions',
            partitionMetadata: Array.from({ length: partitionCount }, (_, partitionId) => ({ partitionId })),
            messages: partitionOfEach.map((partition, index) => ({ key: `RK-${index}`, partition })),
            partitioner: ({ message }) => message.partition,
          };
          const grouped = groupMessagesPerPartition(input);
          expect(grouped).toEqual(releasedGrouping(input));
          // Each message once, in its partition, keys in sending order.
          for (const [partition, messages] of Object.entries(grouped)) {
            expect(messages.every((message) => String(message.partition) === partition)).toBe(true);
            const order = messages.map((message) => Number(message.key.slice(3)));
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
