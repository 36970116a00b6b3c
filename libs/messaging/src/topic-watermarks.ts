import type { Admin, Kafka } from 'kafkajs';

/** Kafka's offsets of one partition: the oldest message still kept, and the offset of the next one produced. */
export interface TopicPartitionWatermarks {
  partition: number;
  low: bigint;
  high: bigint;
}

/**
 * Kafka's low and high watermark of every partition of a topic, through one admin connection kept between
 * reads. A failed read drops the connection, so the next one starts afresh; it does not retry by itself
 * (the caller's next round is the retry), so a Kafka that is away costs one short failure per round, never a hang.
 */
export class TopicWatermarks {
  private admin: Admin | null = null;

  constructor(private readonly kafka: Kafka) {}

  async read(topic: string): Promise<TopicPartitionWatermarks[]> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin({ retry: { retries: 0 } });
        await this.admin.connect();
      }
      const offsets = await this.admin.fetchTopicOffsets(topic);
      return offsets.map((entry) => ({
        partition: entry.partition,
        low: BigInt(entry.low),
        high: BigInt(entry.high),
      }));
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  /** Nest calls this on shutdown for whichever module provides the instance. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
