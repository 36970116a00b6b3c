import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { PartitionWatermarks } from '#domain';
import { KAFKA_CLIENT } from '#platform';

/**
 * Kafka's low and high watermark of every partition of a topic, through one admin connection kept between
 * reads. A failed read drops the connection, so the next one starts afresh; it does not retry by itself
 * (the next round is the retry), so a Kafka that is away costs one short failure per round, never a hang.
 */
@Injectable()
export class TopicWatermarks implements OnApplicationShutdown {
  private admin: Admin | null = null;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  async read(topic: string): Promise<PartitionWatermarks[]> {
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

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
