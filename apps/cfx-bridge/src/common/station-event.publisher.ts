import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '#contracts';
import { BatchingProducer, keepTrying, type Kafka, type OutgoingMessage } from '#messaging';
import { KAFKA_CLIENT } from '#platform';
import { CfxBridgeConfig } from '../cfx-bridge.config.js';

/**
 * The bridge's producer to `station-events`, keyed by rack serial like ingest's. It connects in the
 * background; `publish` rejects until it has, and the caller waits and tries again (the broker keeps the
 * CFX message meanwhile: it is settled only after Kafka acknowledged its events).
 */
@Injectable()
export class CfxStationEventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CfxStationEventPublisher.name);
  private readonly producer: BatchingProducer;
  private readonly topic: string;
  private connected = false;
  private stopping = false;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka, @Inject(CfxBridgeConfig) config: CfxBridgeConfig) {
    this.producer = new BatchingProducer(kafka, { sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS });
    this.topic = config.topic(TOPICS.stationEvents.name);
  }

  onModuleInit(): void {
    // Deliberately not awaited: the bridge boots (and /health names Kafka) while Kafka is away.
    void keepTrying(
      async () => {
        if (this.stopping) return;
        await this.producer.connect();
        this.connected = true;
        this.logger.log({ msg: 'Kafka producer connected', topic: this.topic });
      },
      (error, attempt) =>
        this.logger.warn({ msg: 'Kafka unreachable; retrying', attempt, error: String(error) }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
  }

  /** Resolves once Kafka acknowledged every message (acks=all). */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (!this.connected) throw new Error('the Kafka producer is not connected yet');
    await this.producer.send(this.topic, messages);
  }
}
