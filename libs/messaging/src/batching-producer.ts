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
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface BatchingProducerSettings {
  /** How long a caller waits for acks=all before being told Kafka is unavailable. */
  sendTimeoutMs: number;
  /** Upper bound of messages per produce request, to keep requests well under the broker's size limit. */
  maxBatchMessages?: number;
  /** Messages allowed to wait while Kafka is slow or away; beyond it callers are refused at once. */
  maxQueuedMessages?: number;
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
        // Not sent yet: withdraw it, so a caller told "unavailable" is not published behind its back.
        const index = this.queue.indexOf(pending);
        if (index >= 0) this.queue.splice(index, 1);
        reject(new KafkaUnavailableError(`no acknowledgement within ${this.settings.sendTimeoutMs} ms`));
      }, this.settings.sendTimeoutMs);
      const pending: PendingSend = {
        topic,
        messages,
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
    return this.queue.reduce((sum, pending) => sum + pending.messages.length, 0);
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const limit = this.settings.maxBatchMessages ?? 5000;
    const batch: PendingSend[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0].messages.length <= limit)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.messages.length;
    }
    this.inFlight = true;
    this.sendBatch(batch)
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error({ msg: 'produce failed', reason, messages: count });
        for (const pending of batch) pending.reject(new KafkaUnavailableError(reason));
      })
      .finally(() => {
        this.inFlight = false;
        this.flush();
      });
  }

  private async sendBatch(batch: PendingSend[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const pending of batch) {
      const entry = byTopic.get(pending.topic) ?? { topic: pending.topic, messages: [] };
      for (const message of pending.messages)
        entry.messages.push({ key: message.key, value: message.value, headers: message.headers });
      byTopic.set(pending.topic, entry);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
    for (const pending of batch) pending.resolve();
  }
}
