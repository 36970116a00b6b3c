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
  /** The partition's high watermark when the batch was fetched: the offset the next produced message gets. */
  highWatermark: string;
}

/** What a handler that waits (retrying a write) needs: keep the session alive, and know when to give up. */
export interface BatchControl {
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition has moved to another member: leave the batch. */
  isActive(): boolean;
}

export type PartitionBatchHandler = (batch: PartitionBatch, control: BatchControl) => Promise<void>;

/** Thrown by a handler that left its batch because it is no longer active; nothing is resolved or logged. */
export class BatchAbandonedError extends Error {
  constructor() {
    super('batch abandoned: consumer stopping or partition reassigned');
    this.name = 'BatchAbandonedError';
  }
}

/**
 * Waits `ms`, heartbeating meanwhile so the group does not move the partition away, and returns early (false)
 * as soon as the batch is no longer active. Never a tight loop: the caller's backoff decides `ms`.
 */
export async function waitWhileActive(
  ms: number,
  control: BatchControl,
  heartbeatEveryMs = 1000,
): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!control.isActive()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(heartbeatEveryMs, until - Date.now())));
    try {
      await control.heartbeat();
    } catch {
      // A failed heartbeat means a rebalance is under way; isActive() says so on the next turn.
    }
  }
  return control.isActive();
}

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
  /**
   * Whether the group's position is committed to Kafka after each chunk (default true). False for a live view
   * whose group is never resumed (a fresh group per process, starting at the newest message): there a commit
   * is a broker round trip per partition batch, awaited before the next batch, that nobody ever reads.
   */
  commitOffsets?: boolean;
  /** Told the partitions of `topic` this member holds, after every rebalance (empty when it holds none). */
  onAssignment?: (partitions: number[]) => void;
  /**
   * For a consumer nobody waits on (passport sealing, alert evaluation): how long the broker may hold a fetch
   * to gather messages. Unset, it answers as soon as one message is there, which at line rate is a fetch and a
   * commit per event, each a round trip costing CPU in this process and the broker that the consumers people
   * wait on (the tracker's station events, the live stream) then lack.
   */
  gatherMs?: number;
}

// What a gathering fetch waits for before its time is up: far more than a second of a line's messages.
const GATHER_MIN_BYTES = 1024 * 1024;

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
      ...(settings.gatherMs === undefined
        ? { maxWaitTimeInMs: 100 }
        : { maxWaitTimeInMs: settings.gatherMs, minBytes: GATHER_MIN_BYTES }),
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    // Set before run(): a handler's isActive() reads it from the first batch on.
    this.running = true;
    try {
      await this.run();
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  private async run(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: this.settings.topic,
      fromBeginning: this.settings.fromBeginning ?? true,
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      // kafkajs restarts the consumer after most crashes; one it gives up on leaves the partitions unread, unless
      // this consumer is stopping (a disconnect cuts a join or a fetch short).
      this.logger[event.payload.restart || !this.running ? 'warn' : 'error']({
        msg: 'consumer crashed',
        error: String(event.payload.error).slice(0, 500),
        restart: event.payload.restart,
      });
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.settings.onAssignment?.(event.payload.memberAssignment[this.settings.topic] ?? []);
    });
    await this.consumer.run({
      // Committing is automatic but resolving is not: an offset is resolved above only once the handler has
      // returned (after its database commit), and a threshold of one commits each chunk as it is resolved.
      // (With autoCommit off, commitOffsetsIfNecessary commits nothing, and every restart re-read the topic.)
      autoCommit: this.settings.commitOffsets ?? true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const control: BatchControl = {
          heartbeat: () => payload.heartbeat(),
          isActive: () => this.running && payload.isRunning() && !payload.isStale(),
        };
        const all = batch.messages;
        for (let start = 0; start < all.length; start += this.settings.maxMessagesPerChunk) {
          if (!control.isActive()) return;
          const chunk = all.slice(start, start + this.settings.maxMessagesPerChunk);
          try {
            await this.handler(
              {
                topic: batch.topic,
                partition: batch.partition,
                messages: chunk.map((message) => toConsumed(batch.topic, batch.partition, message)),
                highWatermark: batch.highWatermark,
              },
              control,
            );
          } catch (error) {
            if (error instanceof BatchAbandonedError) return;
            throw error;
          }
          payload.resolveOffset(chunk[chunk.length - 1].offset);
          // kafkajs commits what has been resolved, and only that: the chunk just applied.
          if (this.settings.commitOffsets ?? true)
            await this.commitQuietly(() => payload.commitOffsetsIfNecessary());
          await control.heartbeat();
        }
      },
    });
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
      this.logger.warn({
        msg: 'offset commit failed; partition will be redelivered and skipped',
        error: String(error),
      });
    }
  }
}
