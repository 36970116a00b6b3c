import { randomUUID } from 'node:crypto';
import { TOPICS, type StationEventMessage } from '#contracts';
import { testKafka } from '#testing';

export interface ReadBackMessage {
  partition: number;
  offset: string;
  message: StationEventMessage;
}

/**
 * Everything in the suite's station-events topic, partition by partition in offset order: the order of truth the
 * tracker applied, and so the input of the reference replay. Reads up to the high watermarks taken at the start.
 */
export async function readStationEvents(topicPrefix: string): Promise<ReadBackMessage[]> {
  const topic = `${topicPrefix}${TOPICS.stationEvents.name}`;
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(partition, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].reduce((sum, high) => sum + high, 0n);
  const byPartition = new Map<number, ReadBackMessage[]>();
  if (total === 0n) return [];
  const consumer = kafka.consumer({ groupId: `chaos-readback-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0n;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${seen} of ${total} messages back from ${topic} within 60 s`)),
        60_000,
      );
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const list = byPartition.get(batch.partition) ?? [];
          const end = ends.get(batch.partition) ?? 0n;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= end) continue;
            list.push({
              partition: batch.partition,
              offset: message.offset,
              message: JSON.parse(message.value?.toString('utf8') ?? 'null') as StationEventMessage,
            });
            seen += 1n;
          }
          byPartition.set(batch.partition, list);
          if (seen >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return [...byPartition.keys()]
    .sort((a, b) => a - b)
    .flatMap((partition) =>
      byPartition.get(partition)!.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1)),
    );
}
