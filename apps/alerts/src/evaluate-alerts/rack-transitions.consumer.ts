import { Inject, Injectable, Logger } from '@nestjs/common';
import { TOPICS } from '#contracts';
import { BatchConsumer, type Kafka } from '#messaging';
import { KAFKA_CLIENT } from '#platform';
import { AlertsConfig } from '../alerts.config.js';
import { EvaluationScheduler } from './evaluation.scheduler.js';

/**
 * Thin glue: transitions only say "something moved"; the evaluation reads the committed state from
 * Postgres, which the tracker wrote before publishing. So neither payloads nor duplicates (the topic is
 * at-least-once) matter here, and offsets can be committed as soon as a round is requested.
 *
 * Only the leader consumes. A standby in the same group would be handed some of the partitions, and the
 * transitions on them would wake an instance that does not evaluate.
 */
@Injectable()
export class RackTransitionsConsumer {
  private readonly logger = new Logger(RackTransitionsConsumer.name);
  private consumer: BatchConsumer | null = null;
  /** The consumer still joining its group, which can take a session timeout after a leader crashed. */
  private joining: BatchConsumer | null = null;
  private wanted = false;
  // Starts and stops run one after another, in the order leadership changed.
  private transition: Promise<void> = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly config: AlertsConfig,
    private readonly scheduler: EvaluationScheduler,
  ) {}

  /** Returns at once: the leader evaluates on schedule even while Kafka is away. */
  start(): void {
    this.wanted = true;
    this.transition = this.transition.then(() => this.connect());
  }

  stop(): Promise<void> {
    this.wanted = false;
    // Abandon a join in progress at once rather than wait for it: a stop must not hang on the group.
    void this.joining?.stop().catch(() => undefined);
    this.transition = this.transition.then(() => this.disconnect());
    return this.transition;
  }

  private async connect(): Promise<void> {
    for (let attempt = 1; this.wanted && this.consumer === null; attempt += 1) {
      const consumer = new BatchConsumer(
        this.kafka,
        {
          groupId: this.config.ALERTS_CONSUMER_GROUP,
          topic: this.config.topic(TOPICS.rackTransitions.name),
          partitionsConsumedConcurrently: 1,
          maxMessagesPerChunk: 5000,
          // A crashed leader's membership lapses this soon, so its successor is handed the partitions.
          sessionTimeoutMs: 10_000,
          // Evaluation is scheduled, not per transition: gathering a quarter second of them costs no alert time.
          gatherMs: 250,
        },
        async (batch) => {
          this.scheduler.request(`transitions:${batch.partition}`);
        },
      );
      this.joining = consumer;
      try {
        await consumer.start();
        this.joining = null;
        if (!this.wanted) {
          await consumer.stop();
          return;
        }
        this.consumer = consumer;
        this.logger.log({ msg: 'consuming rack transitions', attempt });
      } catch (error) {
        this.joining = null;
        await consumer.stop().catch(() => undefined);
        if (!this.wanted) return;
        this.logger.warn({
          msg: 'cannot start the transitions consumer yet; retrying',
          error: String(error),
          attempt,
        });
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    }
  }

  private async disconnect(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer) {
      await consumer.stop();
      this.logger.log({ msg: 'stopped consuming rack transitions' });
    }
  }
}
