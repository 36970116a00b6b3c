import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigResourceTypes } from 'kafkajs';
import { TOPICS } from '#contracts';
import { BatchConsumer } from '#messaging';
import { expectEventually } from '../support/expect-eventually.js';
import { createTestTopics, testKafka } from '../support/stack.js';

describe('the local Kafka broker started by the project', () => {
  it('serves the product topics with the partition counts the contracts declare', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({
        topics: Object.values(TOPICS).map((topic) => topic.name),
      });
      const partitions = Object.fromEntries(
        metadata.topics.map((topic) => [topic.name, topic.partitions.length]),
      );
      expect(partitions).toEqual(
        Object.fromEntries(Object.values(TOPICS).map((topic) => [topic.name, topic.partitions])),
      );
    } finally {
      await admin.disconnect();
    }
    // docker/kafka/topics.txt is what stack.sh (and docker compose) create; it must say the same.
    const listed = readFileSync(resolve(import.meta.dirname, '../../docker/kafka/topics.txt'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean)
      .map((line) => line.split(/\s+/));
    expect(Object.fromEntries(listed.map(([name, count]) => [name, Number(count)]))).toEqual(
      Object.fromEntries(Object.values(TOPICS).map((topic) => [topic.name, topic.partitions])),
    );
    // …and the same topic settings (station-events is kept forever: the rebuild replays it).
    expect(
      Object.fromEntries(
        listed.map(([name, , ...settings]) => [
          name,
          Object.fromEntries(settings.map((setting) => setting.split('='))),
        ]),
      ),
    ).toEqual(Object.fromEntries(Object.values(TOPICS).map((topic) => [topic.name, topic.config])));
  });

  it('creates station-events to keep its history forever, and the derived topics with the defaults', async () => {
    const prefix = await createTestTopics();
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: Object.values(TOPICS).map((topic) => ({
          type: ConfigResourceTypes.TOPIC,
          name: `${prefix}${topic.name}`,
          configNames: ['retention.ms'],
        })),
      });
      const retention = Object.fromEntries(
        resources.map((resource) => [
          resource.resourceName.slice(prefix.length),
          resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue,
        ]),
      );
      expect(retention).toEqual({
        [TOPICS.stationEvents.name]: '-1',
        [TOPICS.rackTransitions.name]: '604800000',
        [TOPICS.stationEventsDeadLetter.name]: '604800000',
      });
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers produced messages to a consumer group in key order and keeps its committed offsets', async () => {
    const prefix = await createTestTopics();
    const topic = `${prefix}${TOPICS.stationEvents.name}`;
    const groupId = `foundation-${randomUUID()}`;
    const kafka = testKafka();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 60 }, (_, index) => ({ key: `RK-${index % 6}`, value: String(index) }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    const received: { key: string; value: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        received.push({ key: message.key!.toString(), value: message.value!.toString() });
        await consumer.commitOffsets([
          { topic: from, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    try {
      await expectEventually(() => expect(received).toHaveLength(sent.length));
      for (let rack = 0; rack < 6; rack += 1) {
        const values = (list: typeof sent) =>
          list.filter((message) => message.key === `RK-${rack}`).map((message) => message.value);
        expect(values(received)).toEqual(values(sent)); // one key, one partition, one order
      }
    } finally {
      await consumer.disconnect();
    }

    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const total = committed.partitions.reduce(
        (sum, partition) => sum + Math.max(0, Number(partition.offset)),
        0,
      );
      expect(total).toBe(sent.length);
    } finally {
      await admin.disconnect();
    }
  });
});

describe("libs/messaging's BatchConsumer", () => {
  it('commits what its handler applied, so a restarted consumer resumes where it stopped', async () => {
    const prefix = await createTestTopics();
    const topic = `${prefix}${TOPICS.rackTransitions.name}`;
    const groupId = `batch-${randomUUID()}`;
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    const send = (from: number, count: number) =>
      producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, index) => ({
          key: `RK-${index % 4}`,
          value: String(from + index),
        })),
      });
    await send(0, 40);
    const run = async (expected: number): Promise<string[]> => {
      const seen: string[] = [];
      const consumer = new BatchConsumer(
        kafka,
        { groupId, topic, partitionsConsumedConcurrently: 1, maxMessagesPerChunk: 7 },
        async (batch) => {
          seen.push(...batch.messages.map((message) => message.value!.toString()));
        },
      );
      await consumer.start();
      try {
        await expectEventually(() => expect(seen).toHaveLength(expected));
      } finally {
        await consumer.stop();
      }
      return seen;
    };
    expect(await run(40)).toHaveLength(40);
    await send(40, 10);
    await producer.disconnect();
    // Only what came after the first run: nothing is read twice.
    expect((await run(10)).map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => 40 + i),
    );
  });
});
