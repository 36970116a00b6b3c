import { Logger } from '@nestjs/common';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';

/** A consumed message reduced to what handlers need, with its position for idempotency bookkeeping. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
}

export type PartitionBatchHandler = (batch: PartitionBatch, heartbeat: () => Promise<void>) => Promise<void>;

export interface BatchConsumerSettings {
  groupId: string;
  topic: string;
  /** Partitions processed at once; each partition's messages stay in order. */
  partitionsConsumedConcurrently: number;
  /** Messages handed to the handler at a time; bounds transaction size and bind parameters. */
  maxMessagesPerChunk: number;
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
  /** Where a group with no committed offset starts: the oldest message (default) or only new ones (live views). */
  fromBeginning?: boolean;
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}

/**
 * kafkajs `eachBatch` with manual offsets: a chunk's offsets are resolved and committed only after the
 * handler has returned, that is after the database commit. A handler error leaves the offsets alone, so
 * kafkajs redelivers from the last committed position; the handler's own idempotency makes that safe.
 */
export class BatchConsumer {
  private readonly logger = new Logger(BatchConsumer.name);
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly settings: BatchConsumerSettings,
    private readonly handler: PartitionBatchHandler,
  ) {
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 1048576,
      sessionTimeout: settings.sessionTimeoutMs ?? 30000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 100,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.settings.topic, fromBeginning: this.settings.fromBeginning ?? true });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error({ msg: 'consumer crashed', error: String(event.payload.error), restart: event.payload.restart });
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const heartbeat = () => payload.heartbeat();
        const all = batch.messages;
        for (let start = 0; start < all.length; start += this.settings.maxMessagesPerChunk) {
          if (!payload.isRunning() || payload.isStale()) return;
          const chunk = all.slice(start, start + this.settings.maxMessagesPerChunk);
          await this.handler(
            { topic: batch.topic, partition: batch.partition, messages: chunk.map((message) => toConsumed(batch.topic, batch.partition, message)) },
            heartbeat,
          );
          payload.resolveOffset(chunk[chunk.length - 1].offset);
          await this.commitQuietly(() => payload.commitOffsetsIfNecessary());
          await heartbeat();
        }
      },
    });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    // disconnect waits for the batch in hand to finish, so a graceful stop commits what it applied.
    await this.consumer.disconnect();
  }

  private async commitQuietly(commit: () => Promise<void>): Promise<void> {
    try {
      await commit();
    } catch (error) {
      // A rebalance can invalidate the commit; the database already holds the truth, so the next owner
      // of the partition skips what was applied. Losing this commit costs a redelivery, nothing more.
      this.logger.warn({ msg: 'offset commit failed; partition will be redelivered and skipped', error: String(error) });
    }
  }
}
