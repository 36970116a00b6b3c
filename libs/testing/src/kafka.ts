import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import {
  encodeStationEventMessage,
  TOPICS,
  type DeadLetterMessage,
  type StationEventMessage,
} from '#contracts';

/** A quiet kafkajs client (its own logging would drown the output of a test or benchmark). */
export function kafkaClient(brokers: string, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** The names of the product topics under `prefix` (which ends in a dot). */
export function productTopicNames(prefix: string): string[] {
  return Object.values(TOPICS).map((topic) => `${prefix}${topic.name}`);
}

/** Creates private copies of the product topics, with their partition counts and settings, under `prefix`. */
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
        configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the dead-letter topic under `topicPrefix` from the beginning, in a group of its own, into `into` as the
 * letters arrive, as a plant's tooling would. Disconnect the consumer it answers when done.
 */
export async function collectDeadLetters(
  kafka: Kafka,
  topicPrefix: string,
  into: DeadLetterMessage[],
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({
    topic: `${topicPrefix}${TOPICS.stationEventsDeadLetter.name}`,
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => void into.push(JSON.parse(message.value!.toString())),
  });
  return consumer;
}

/**
 * Produces values to station-events as they are, bytes or text, whatever they hold: what a tool writing straight
 * to the topic sends, poison included. One request; a value near the broker's limit goes on its own.
 */
export async function produceRawStationMessages(
  kafka: Kafka,
  topicPrefix: string,
  messages: readonly { key: string; value: Buffer | string }[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: `${topicPrefix}${TOPICS.stationEvents.name}`,
      acks: -1,
      messages: [...messages],
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Produces station-events messages exactly as ingest does (same encoder, key = rack serial), in order, in
 * chunks of `chunk` per send, with `source` as the encoder's producer name.
 */
export async function produceStationEvents(
  kafka: Kafka,
  topicPrefix: string,
  messages: readonly StationEventMessage[],
  options: { chunk: number; source: string },
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += options.chunk) {
      await producer.send({
        topic: `${topicPrefix}${TOPICS.stationEvents.name}`,
        acks: -1,
        messages: messages
          .slice(start, start + options.chunk)
          .map((message) => encodeStationEventMessage(message, options.source)),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
