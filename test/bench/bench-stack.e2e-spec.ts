import { describe, expect, it } from '@jest/globals';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '#contracts';
import { BenchStack } from '../../tools/bench/src/support/bench-stack.js';
import { expectEventually } from '../support/expect-eventually.js';
import {
  createTestTopics,
  KAFKA_BROKERS,
  POSTGRES_ADMIN_URL,
  TEMPLATE_DATABASE,
  testKafka,
  uniqueName,
} from '../support/stack.js';

/** Reads the group's messages until `until` holds, then leaves the group (committing what it read). */
async function readInGroup(
  kafka: Kafka,
  groupId: string,
  topic: string,
  until: (values: string[]) => boolean,
) {
  const values: string[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString('utf8') ?? '');
      },
    });
    await expectEventually(() => expect(until(values)).toBe(true));
  } finally {
    await consumer.disconnect();
  }
  return values;
}

describe("the benchmark's stack", () => {
  // Each round of `npm run bench` starts a tracker whose passport sealer joins one group on the topic every round
  // announces on. Moved to the end between rounds, a later round's sealer reads only its own round's
  // announcements; if it were not, it would also seal from every earlier round's, and those rounds would be
  // measured doing more work than the first.
  it('moves a consumer group to the end of a topic, so its next member reads only what comes after', async () => {
    const topic = `${await createTestTopics()}${TOPICS.rackTransitions.name}`;
    const kafka = testKafka();
    const stack = new BenchStack({
      postgresAdminUrl: POSTGRES_ADMIN_URL,
      kafkaBrokers: KAFKA_BROKERS.split(','),
      templateDatabase: TEMPLATE_DATABASE,
    });
    const groupId = uniqueName('bench-passports');
    const producer = kafka.producer();
    await producer.connect();
    try {
      // One key, so one partition: a member that started anywhere before the end would read these first.
      const send = (values: string[]) =>
        producer.send({ topic, messages: values.map((value) => ({ key: 'rack-1', value })) });
      await send(['round 1: a', 'round 1: b']);
      // The first round's member reads part of its round and leaves, as a tracker stopped mid-catch-up does.
      await readInGroup(kafka, groupId, topic, (values) => values.includes('round 1: a'));
      await send(['round 1: c']);

      await stack.moveGroupToEnd(groupId, topic);
      await send(['round 2: a', 'round 2: b']);

      const read = await readInGroup(kafka, groupId, topic, (values) => values.length >= 2);
      expect(read).toEqual(['round 2: a', 'round 2: b']);
    } finally {
      await producer.disconnect();
    }
  });
});
