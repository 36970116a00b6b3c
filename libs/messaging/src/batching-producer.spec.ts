import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Kafka, ProducerBatch } from 'kafkajs';
import { BatchingProducer, KafkaUnavailableError, messageBytes } from './batching-producer.js';
import type { OutgoingMessage } from './outgoing-message.js';

/** A kafkajs client whose producer records each produce request and answers it when the test says so. */
function recordingKafka() {
  const requests: string[][] = [];
  const answers: { acknowledge: () => void; fail: (error: Error) => void }[] = [];
  const kafka = {
    producer: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: (batch: ProducerBatch) => {
        requests.push(
          (batch.topicMessages ?? []).flatMap(({ messages }) => messages.map(({ key }) => String(key))),
        );
        return new Promise<void>((acknowledge, fail) => answers.push({ acknowledge, fail }));
      },
    }),
  } as unknown as Kafka;
  return { kafka, requests, answers };
}

/** Lets the producer react to an answer (its promise callbacks) before the test looks again. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const message = (key: string, valueBytes = 200): OutgoingMessage => ({ key, value: 'v'.repeat(valueBytes) });
const messages = (prefix: string, count: number, valueBytes?: number) =>
  Array.from({ length: count }, (_, index) => message(`${prefix}${index + 1}`, valueBytes));

async function connectedProducer(kafka: Kafka, maxBatchBytes: number) {
  const producer = new BatchingProducer(kafka, { sendTimeoutMs: 60_000, maxBatchBytes });
  await producer.connect();
  return producer;
}

/** Whether a promise has settled yet, and how. */
function watch(promise: Promise<void>) {
  const state = { settled: 'no' as 'no' | 'resolved' | 'rejected', error: undefined as unknown };
  promise.then(
    () => (state.settled = 'resolved'),
    (error: unknown) => {
      state.settled = 'rejected';
      state.error = error;
    },
  );
  return state;
}

describe('BatchingProducer', () => {
  // Four of these messages fit under 1,000 bytes, a fifth does not.
  const FOUR_MESSAGES_BYTES = 4 * messageBytes(message('A-10'));

  it('sends what is too large for one request in several, in order, and answers once the last is acknowledged', async () => {
    const { kafka, requests, answers } = recordingKafka();
    const producer = await connectedProducer(kafka, FOUR_MESSAGES_BYTES);

    const backlog = watch(producer.send('station-events', messages('A-', 10)));
    await settle();
    expect(requests).toEqual([['A-1', 'A-2', 'A-3', 'A-4']]);

    answers[0]!.acknowledge();
    await settle();
    expect(requests[1]).toEqual(['A-5', 'A-6', 'A-7', 'A-8']);
    answers[1]!.acknowledge();
    await settle();
    expect(requests[2]).toEqual(['A-9', 'A-10']);
    expect(backlog.settled).toBe('no');

    answers[2]!.acknowledge();
    await settle();
    expect(backlog.settled).toBe('resolved');
    expect(requests).toHaveLength(3);
  });

  it('sends what queued while a request was in flight together, up to the bound, then the rest', async () => {
    const { kafka, requests, answers } = recordingKafka();
    const producer = await connectedProducer(kafka, FOUR_MESSAGES_BYTES);

    const first = watch(producer.send('station-events', [message('A-1')]));
    await settle();
    const second = watch(producer.send('station-events', messages('B-', 2)));
    const third = watch(producer.send('station-events', messages('C-', 3)));
    answers[0]!.acknowledge();
    await settle();

    expect(first.settled).toBe('resolved');
    expect(requests[1]).toEqual(['B-1', 'B-2', 'C-1', 'C-2']);
    answers[1]!.acknowledge();
    await settle();
    expect(second.settled).toBe('resolved');
    expect(third.settled).toBe('no');
    expect(requests[2]).toEqual(['C-3']);
    answers[2]!.acknowledge();
    await settle();
    expect(third.settled).toBe('resolved');
  });

  it('sends a message larger than the bound alone, rather than never', async () => {
    const { kafka, requests, answers } = recordingKafka();
    const producer = await connectedProducer(kafka, FOUR_MESSAGES_BYTES);

    const large = watch(producer.send('station-events', [message('L-1', 5_000), message('L-2')]));
    await settle();
    expect(requests).toEqual([['L-1']]);
    answers[0]!.acknowledge();
    await settle();
    expect(requests[1]).toEqual(['L-2']);
    answers[1]!.acknowledge();
    await settle();
    expect(large.settled).toBe('resolved');
  });

  it('fails the sends a refused request carried, does not send the rest of one it carried in part, and goes on', async () => {
    const { kafka, requests, answers } = recordingKafka();
    const producer = await connectedProducer(kafka, FOUR_MESSAGES_BYTES);

    const backlog = watch(producer.send('station-events', messages('A-', 10)));
    await settle();
    const behind = watch(producer.send('station-events', [message('B-1')]));
    answers[0]!.fail(new Error('The request included a message larger than the max message size'));
    await settle();

    expect(backlog.settled).toBe('rejected');
    expect(backlog.error).toBeInstanceOf(KafkaUnavailableError);
    expect(requests[1]).toEqual(['B-1']);
    answers[1]!.acknowledge();
    await settle();
    expect(behind.settled).toBe('resolved');
    expect(requests).toHaveLength(2);
  });

  it("counts a message's bytes from above: never fewer than kafkajs encodes for it", () => {
    const encodeRecord = createRequire(import.meta.url)(
      'kafkajs/src/protocol/recordBatch/record/v0/index.js',
    ) as (record: object) => { buffer: Buffer };
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(
        text,
        text,
        fc.dictionary(text, text, { maxKeys: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (key, value, headers, offsetDelta, timestampDelta) => {
          const encoded = encodeRecord({ offsetDelta, timestampDelta, key, value, headers }).buffer.length;
          expect(messageBytes({ key, value, headers })).toBeGreaterThanOrEqual(encoded);
        },
      ),
    );
  });
});
