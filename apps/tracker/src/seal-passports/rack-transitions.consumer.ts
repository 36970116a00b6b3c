import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TOPICS } from '#contracts';
import { BatchConsumer, keepTrying, type Kafka } from '#messaging';
import { KAFKA_CLIENT, withCorrelationId } from '#platform';
import { TrackerConfig } from '../tracker.config.js';
import { SealPassportsUseCase } from './seal-passports.use-case.js';

/**
 * Thin glue: rack-transitions in, passports sealed, offsets out. A group of its own, shared by every tracker
 * instance, so each ship is sealed by one of them; a batch that fails (PostgreSQL away) is retried by the consumer
 * before its offsets move, and a redelivered ship finds its passport already sealed.
 */
@Injectable()
export class PassportTransitionsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PassportTransitionsConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    config: TrackerConfig,
    private readonly useCase: SealPassportsUseCase,
  ) {
    this.consumer = new BatchConsumer(
      kafka,
      {
        groupId: config.passportConsumerGroup,
        topic: config.topic(TOPICS.rackTransitions.name),
        partitionsConsumedConcurrently: 1,
        // Ships are one transition in ~15; a chunk of 200 is a dozen seals, well inside the session.
        maxMessagesPerChunk: 200,
        sessionTimeoutMs: config.TRACKER_SESSION_TIMEOUT_MS,
        // A passport sealed a quarter second later is no worse; a fetch per transition costs the line's CPU.
        gatherMs: 250,
      },
      async (batch, control) => {
        const first = batch.messages[0];
        await withCorrelationId(`passports-${batch.partition}-${first?.offset}`, () =>
          useCase.execute(batch.messages, control),
        );
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async start(): Promise<void> {
    const attempts = await keepTrying(
      async () => {
        await this.useCase.registerKey();
        await this.consumer.start();
      },
      (error, attempt) =>
        this.logger.warn({
          msg: 'cannot start sealing passports yet; retrying',
          error: String(error),
          attempt,
        }),
    );
    this.logger.log({ msg: 'sealing passports from rack-transitions', attempt: attempts });
  }
}
