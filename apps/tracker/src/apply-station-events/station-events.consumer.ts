import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TOPICS } from '#contracts';
import { BatchConsumer, BatchingProducer, keepTrying, OutboxRelay, type Kafka } from '#messaging';
import { KAFKA_CLIENT, withCorrelationId } from '#platform';
import { TrackerConfig } from '../tracker.config.js';
import { PartitionProgressScheduler } from '../watch-partition-progress/partition-progress.scheduler.js';
import { WatchPartitionProgressUseCase } from '../watch-partition-progress/watch-partition-progress.use-case.js';
import { TRANSITION_RELAY } from '../announce-transitions/transition-announcements.js';
import { ApplyStationEventsUseCase } from './apply-station-events.use-case.js';
import { DEAD_LETTER_PRODUCER } from './dead-letter-producer.js';

/**
 * Thin glue: Kafka batches in, use case, offsets out; and the relays that announce the results (transitions
 * from their rows, dead letters from the outbox), woken after each commit.
 */
@Injectable()
export class StationEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StationEventsConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    config: TrackerConfig,
    useCase: ApplyStationEventsUseCase,
    private readonly relay: OutboxRelay,
    @Inject(TRANSITION_RELAY) private readonly transitionRelay: OutboxRelay,
    private readonly producer: BatchingProducer,
    @Inject(DEAD_LETTER_PRODUCER) private readonly deadLetterProducer: BatchingProducer,
    progress: WatchPartitionProgressUseCase,
    private readonly progressWatch: PartitionProgressScheduler,
  ) {
    this.consumer = new BatchConsumer(
      kafka,
      {
        groupId: config.TRACKER_CONSUMER_GROUP,
        topic: config.topic(TOPICS.stationEvents.name),
        partitionsConsumedConcurrently: config.TRACKER_PARTITIONS_CONCURRENTLY,
        maxMessagesPerChunk: config.TRACKER_CHUNK_SIZE,
        // A kilobyte a message (events are about 700 bytes): catching up, one fetch fills a chunk. Never below
        // the 1 MB it always was, so a small chunk size still fetches whole 256 KB events in one go.
        maxBytesPerPartition: Math.max(1024 * 1024, config.TRACKER_CHUNK_SIZE * 1024),
        sessionTimeoutMs: config.TRACKER_SESSION_TIMEOUT_MS,
        onAssignment: (partitions) => progress.onAssignment(partitions),
      },
      async (batch, control) => {
        const first = batch.messages[0];
        const applied = await withCorrelationId(`batch-${batch.partition}-${first.offset}`, () =>
          useCase.execute(batch, control),
        );
        this.transitionRelay.wake();
        // Woken for every chunk, the dead-letter relay cost four round trips an event for nothing; a dead letter
        // written by a chunk that does not say so (a retry after the answer was lost) waits for its idle poll.
        if (applied.deadLetters > 0) this.relay.wake();
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    this.transitionRelay.start();
    this.progressWatch.start();
    // Boot even when Kafka is away: readiness reports it, and the consumer joins when it can.
    void this.startConsumer();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.relay.stop();
    await this.transitionRelay.stop();
    await this.producer.disconnect();
    await this.deadLetterProducer.disconnect();
    this.logger.log({ msg: 'consumer stopped after finishing its batch' });
  }

  private async startConsumer(): Promise<void> {
    const attempts = await keepTrying(
      async () => {
        await this.producer.connect();
        await this.deadLetterProducer.connect();
        await this.consumer.start();
      },
      (error, attempt) =>
        this.logger.warn({ msg: 'cannot start consumer yet; retrying', error: String(error), attempt }),
    );
    this.logger.log({ msg: 'consuming', attempt: attempts });
  }
}
