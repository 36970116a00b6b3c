import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '#contracts';
import { BatchingProducer, KafkaUnavailableError, type Kafka, type OutgoingMessage } from '#messaging';
import { KAFKA_CLIENT } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import { IngestConfig } from '../ingest.config.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10000;

/**
 * The service's one producer to `station-events`. It connects in the background: ingest boots and answers
 * (503 for events, /health naming Kafka) while Kafka is down, and starts accepting as soon as it connects.
 */
@Injectable()
export class StationEventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StationEventPublisher.name);
  private readonly producer: BatchingProducer;
  private readonly topic: string;
  private connected = false;
  private stopping = false;
  private wakeUp: (() => void) | null = null;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka, @Inject(IngestConfig) config: IngestConfig) {
    this.producer = new BatchingProducer(kafka, { sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS });
    this.topic = config.topic(TOPICS.stationEvents.name);
  }

  onModuleInit(): void {
    // Deliberately not awaited: boot must not wait for Kafka. keepConnecting never rejects.
    void this.keepConnecting();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    if (this.connected) {
      this.connected = false;
      await this.producer
        .disconnect()
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'producer disconnect failed', error: String(error) }),
        );
    }
    // An attempt still in flight is not awaited (it can take the client's whole retry budget); it
    // disconnects itself when it sees `stopping`.
  }

  /** Resolves once Kafka acknowledged every message (acks=all); rejects with `kafka_unavailable` otherwise. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (!this.connected)
      throw new IngestError(
        'kafka_unavailable',
        'Kafka is unavailable: the producer is not connected yet; retry later',
      );
    try {
      await this.producer.send(this.topic, messages);
    } catch (error) {
      if (error instanceof KafkaUnavailableError)
        throw new IngestError('kafka_unavailable', `${error.message}; retry later`, [], { cause: error });
      throw error;
    }
  }

  private async keepConnecting(): Promise<void> {
    let delayMs = FIRST_RETRY_MS;
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await this.producer.connect();
        if (this.stopping) {
          await this.producer.disconnect().catch(() => undefined);
          return;
        }
        this.connected = true;
        this.logger.log({ msg: 'Kafka producer connected', topic: this.topic, attempt });
        return;
      } catch (error) {
        this.logger.warn({
          msg: 'Kafka unreachable; events are answered 503 until the producer connects',
          attempt,
          retryInMs: delayMs,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      await this.pause(delayMs);
      delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
