import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { ConsumedMessage, PartitionBatch } from './batch-consumer.js';

export interface TopicReplaySettings {
  topic: string;
  /** Messages per chunk of one partition handed to `apply` (one transaction in the tracker). */
  chunkSize: number;
  /** Chunks of different partitions applied at once; each partition's chunks stay in order. */
  concurrency: number;
}

/** Where a partition stands: its log's start and end when the replay began, and how far it has applied. */
export interface PartitionReplay {
  partition: number;
  /** The oldest offset Kafka still kept: above 0, earlier messages have fallen off retention. */
  low: bigint;
  /** The high watermark captured at the start: the replay stops there, whatever is produced meanwhile. */
  high: bigint;
  applied: bigint;
}

export interface TopicReplayProgress {
  applied: number;
  total: number;
  partitions: readonly PartitionReplay[];
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
 * Reads a topic from its oldest kept message up to the high watermarks captured when it starts (so it ends),
 * and hands it to `apply` in chunks of one partition each, as the tracker's consumer would.
 *
 * Partitions are interleaved by time, not read one after another: racks on different partitions meet
 * (a component moves between racks, a burn-in position is given up by one and taken by another), and the
 * live tracker saw those in time order. Each round takes, per partition, the messages up to a horizon: the
 * timestamp of the chunkSize-th buffered message of the partition whose chunk ends earliest. So no partition
 * runs more than one chunk's time ahead of another, and every round applies at least one full chunk.
 *
 * It joins a consumer group of its own (a fresh id) and never commits, so no other group's offsets move.
 */
export class TopicReplay {
  private readonly buffers = new Map<number, ConsumedMessage[]>();
  private readonly fetchedAll = new Set<number>();
  private readonly paused = new Set<number>();
  private wakeUp: (() => void) | null = null;
  private failure: unknown = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: TopicReplaySettings,
  ) {}

  async run(
    apply: (batch: PartitionBatch) => Promise<void>,
    onProgress: (progress: TopicReplayProgress) => void = () => undefined,
  ): Promise<TopicReplayProgress> {
    const { topic, chunkSize } = this.settings;
    const partitions = await this.watermarks();
    const progress = (): TopicReplayProgress => ({
      applied: partitions.reduce((sum, p) => sum + Number(p.applied - p.low), 0),
      total: partitions.reduce((sum, p) => sum + Number(p.high - p.low), 0),
      partitions,
    });
    const pending = partitions.filter((p) => p.high > p.low);
    if (pending.length === 0) return progress();
    for (const p of partitions) {
      this.buffers.set(p.partition, []);
      if (p.high <= p.low) this.fetchedAll.add(p.partition);
    }
    const highOf = new Map(partitions.map((p) => [p.partition, p.high]));
    const maxBuffered = chunkSize * 4;

    const consumer = this.kafka.consumer({
      groupId: `rebuild-${randomUUID()}`,
      maxBytes: 64 * 1024 * 1024,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      consumer.on(consumer.events.CRASH, (event) => {
        this.failure = event.payload.error;
        this.wake();
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const high = highOf.get(batch.partition) ?? 0n;
          const buffer = this.buffers.get(batch.partition);
          if (buffer === undefined || this.fetchedAll.has(batch.partition)) return;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= high) break;
            buffer.push(toConsumed(batch.topic, batch.partition, message));
          }
          // lastOffset() counts what kafkajs filtered out too, so a partition ending in gaps still ends.
          if (BigInt(batch.lastOffset()) + 1n >= high) this.fetchedAll.add(batch.partition);
          if (this.fetchedAll.has(batch.partition) || buffer.length >= maxBuffered) {
            this.paused.add(batch.partition);
            consumer.pause([{ topic, partitions: [batch.partition] }]);
          }
          this.wake();
        },
      });

      const done = (p: PartitionReplay) =>
        this.fetchedAll.has(p.partition) && this.buffers.get(p.partition)!.length === 0;
      for (;;) {
        const unfinished = partitions.filter((p) => !done(p));
        if (unfinished.length === 0) break;
        // Wait until every unfinished partition has a full chunk buffered, or all it will ever have.
        const ready = () =>
          unfinished.every(
            (p) => this.fetchedAll.has(p.partition) || this.buffers.get(p.partition)!.length >= chunkSize,
          );
        while (!ready()) {
          if (this.failure !== null) throw this.failure;
          await new Promise<void>((resolve) => (this.wakeUp = resolve));
        }
        const horizon = Math.min(
          ...unfinished.map((p) => {
            const buffer = this.buffers.get(p.partition)!;
            return buffer.length >= chunkSize ? Number(buffer[chunkSize - 1]!.timestamp) : Infinity;
          }),
        );
        const chunks: PartitionBatch[] = [];
        for (const p of unfinished) {
          const buffer = this.buffers.get(p.partition)!;
          let take = 0;
          while (take < chunkSize && take < buffer.length && Number(buffer[take]!.timestamp) <= horizon)
            take += 1;
          if (take === 0) continue;
          chunks.push({
            topic,
            partition: p.partition,
            messages: buffer.splice(0, take),
            highWatermark: p.high.toString(),
          });
        }
        await this.applyAll(chunks, async (chunk) => {
          await apply(chunk);
          const state = partitions.find((p) => p.partition === chunk.partition)!;
          state.applied = BigInt(chunk.messages.at(-1)!.offset) + 1n;
        });
        for (const p of partitions) if (done(p)) p.applied = p.high;
        for (const partition of this.paused) {
          if (this.fetchedAll.has(partition) || this.buffers.get(partition)!.length >= maxBuffered / 2)
            continue;
          this.paused.delete(partition);
          consumer.resume([{ topic, partitions: [partition] }]);
        }
        onProgress(progress());
      }
      return progress();
    } finally {
      await consumer.disconnect();
    }
  }

  private async watermarks(): Promise<PartitionReplay[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.settings.topic);
      return offsets
        .map(({ partition, low, high }) => ({
          partition,
          low: BigInt(low),
          high: BigInt(high),
          applied: BigInt(low),
        }))
        .sort((a, b) => a.partition - b.partition);
    } finally {
      await admin.disconnect();
    }
  }

  /** Applies chunks of distinct partitions, at most `concurrency` at once. */
  private async applyAll(
    chunks: PartitionBatch[],
    work: (chunk: PartitionBatch) => Promise<void>,
  ): Promise<void> {
    const queue = [...chunks];
    const workers = Array.from({ length: Math.min(this.settings.concurrency, queue.length) }, async () => {
      for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) await work(chunk);
    });
    await Promise.all(workers);
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}
