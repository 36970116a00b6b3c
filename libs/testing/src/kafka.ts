import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '#contracts';

/** A quiet kafkajs client (its own logging would drown the output of a test or benchmark). */
export function kafkaClient(brokers: string, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** The names of the product topics under `prefix` (which ends in a dot). */
export function productTopicNames(prefix: string): string[] {
  return Object.values(TOPICS).map((topic) => `${prefix}${topic.name}`);
}

/** Creates private copies of the product topics, with their partition counts, under `prefix`. */
export async function createProductTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(TOPICS).map((topic) => ({
        topic: `${prefix}${topic.name}`,
        numPartitions: topic.partitions,
        replicationFactor: 1,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
