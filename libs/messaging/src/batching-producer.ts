import { Logger } from '@nestjs/common';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import { KeyPartitioner } from './key-partitioner.js';
import type { OutgoingMessage } from './outgoing-message.js';

export class KafkaUnavailableError extends Error {
  constructor(reason: string) {
    super(`Kafka is unavailable: ${reason}`);
    this.name = 'KafkaUnavailableError';
  }
}

interface PendingSend {
  topic: string;
  messages: OutgoingMessage[];
  /** Messages already handed to a request: a send too large for one request leaves in several, in order. */
  taken: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One request's share of a send: its messages from `from` up to, not including, `to`. */
interface RequestPart {
  pending: PendingSend;
  from: number;
  to: number;
}

export interface BatchingProducerSettings {
  /** How long a caller waits for acks=all before being told Kafka is unavailable. */
  sendTimeoutMs: number;
  /** Upper bound of messages per produce request. */
  maxBatchMessages?: number;
  /** Upper bound of a produce request's message bytes (messageBytes), below the broker's size limit. */
  maxBatchBytes?: number;
  /** Messages allowed to wait while Kafka is slow or away; beyond it callers are refused at once. */
  maxQueuedMessages?: number;
}

/**
 * The broker refuses a partition's record batch over its `message.max.bytes` (1,048,588 by default), and with
 * it the whole request: every caller whose messages shared the request would be told Kafka is unavailable, and
 * a send that alone exceeds it (a station's backlog for one rack, posted as one batch) would be refused at every
 * retry. A request's messages stay under this, so no partition's batch can exceed the limit, whatever the keys.
 */
export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;

// A record's framing beside its key, value and headers (length, attributes, timestamp and offset deltas, and
// the varints of each length), and a header's beside its name and value: both counted high, so the estimate
// stays above what is encoded.
const RECORD_FRAMING_BYTES = 32;
const HEADER_FRAMING_BYTES = 8;

/** What a message adds to a produce request, counted from above. */
export function messageBytes(message: OutgoingMessage): number {
  let bytes = RECORD_FRAMING_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const name in message.headers)
    bytes += HEADER_FRAMING_BYTES + Buffer.byteLength(name) + Buffer.byteLength(message.headers[name]!);
  return bytes;
}

/**
 * One long-lived idempotent producer. When idle, a send goes out at once; while a produce request is in
 * flight, new sends queue and leave together as one request when it returns. That batches under load
 * (like a linger) without adding latency when the line is quiet.
 */
export class BatchingProducer {
  private readonly logger = new Logger(BatchingProducer.name);
  private readonly producer: Producer;
  private readonly queue: PendingSend[] = [];
  private inFlight = false;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly settings: BatchingProducerSettings,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The Java client's murmur2 mapping, so every client maps a rack to the same partition (naming one also
      // silences kafkajs' partitioner warning); computed without kafkajs' allocations (key-partitioner.ts).
      createPartitioner: KeyPartitioner,
      // Unlimited retries keep the idempotent producer's sequence numbers valid across broker restarts;
      // callers are still answered within sendTimeoutMs.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Resolves once every message is acknowledged by all in-sync replicas; rejects with KafkaUnavailableError on timeout. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (!this.connected) return Promise.reject(new KafkaUnavailableError('producer is not connected'));
    if (messages.length === 0) return Promise.resolve();
    if (this.queuedMessages() + messages.length > (this.settings.maxQueuedMessages ?? 50000)) {
      return Promise.reject(new KafkaUnavailableError('too many messages are already waiting for Kafka'));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Not sent yet, or not all of it: withdraw what waits, so a caller told "unavailable" is not published
        // behind its back (beyond a request already in flight).
        this.withdraw(pending);
        reject(new KafkaUnavailableError(`no acknowledgement within ${this.settings.sendTimeoutMs} ms`));
      }, this.settings.sendTimeoutMs);
      const pending: PendingSend = {
        topic,
        messages,
        taken: 0,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.queue.push(pending);
      this.flush();
    });
  }

  private queuedMessages(): number {
    return this.queue.reduce((sum, pending) => sum + pending.messages.length - pending.taken, 0);
  }

  private withdraw(pending: PendingSend): void {
    const index = this.queue.indexOf(pending);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const parts = this.takeRequest();
    this.inFlight = true;
    this.sendRequest(parts)
      .then(
        () => {
          for (const { pending, to } of parts) if (to === pending.messages.length) pending.resolve();
        },
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          const messages = parts.reduce((sum, { from, to }) => sum + to - from, 0);
          this.logger.error({ msg: 'produce failed', reason, messages });
          for (const { pending } of parts) {
            // A send this request carried only in part is answered now too, and its later parts are not sent.
            this.withdraw(pending);
            pending.reject(new KafkaUnavailableError(reason));
          }
        },
      )
      .finally(() => {
        this.inFlight = false;
        this.flush();
      });
  }

  /** The next request: queued messages in order, up to the count and byte bounds, and at least one. */
  private takeRequest(): RequestPart[] {
    const maxMessages = this.settings.maxBatchMessages ?? 5000;
    const maxBytes = this.settings.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    const parts: RequestPart[] = [];
    let count = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const pending = this.queue[0]!;
      const from = pending.taken;
      let to = from;
      while (to < pending.messages.length && count < maxMessages) {
        const size = messageBytes(pending.messages[to]!);
        if (count > 0 && bytes + size > maxBytes) break;
        count += 1;
        bytes += size;
        to += 1;
      }
      if (to > from) parts.push({ pending, from, to });
      pending.taken = to;
      if (to < pending.messages.length) break;
      this.queue.shift();
    }
    return parts;
  }

  private async sendRequest(parts: RequestPart[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const { pending, from, to } of parts) {
      const entry = byTopic.get(pending.topic) ?? { topic: pending.topic, messages: [] };
      for (let index = from; index < to; index += 1) {
        const message = pending.messages[index]!;
        entry.messages.push({ key: message.key, value: message.value, headers: message.headers });
      }
      byTopic.set(pending.topic, entry);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
  }
}
