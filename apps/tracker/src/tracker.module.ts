import { Module, type DynamicModule } from '@nestjs/common';
import { RackStateMachine } from '#domain';
import { BatchingProducer, OutboxRelay, TopicWatermarks, type Kafka } from '#messaging';
import { TOPICS } from '#contracts';
import { UnitOfWork } from '#persistence';
import { Clock, InfrastructureModule, KAFKA_CLIENT, SystemClock } from '#platform';
import {
  ApplyStationEventsUseCase,
  TRACKER_SETTINGS,
  type TrackerSettings,
} from './apply-station-events/apply-station-events.use-case.js';
import { DEAD_LETTER_PRODUCER } from './apply-station-events/dead-letter-producer.js';
import { StationEventsConsumer } from './apply-station-events/station-events.consumer.js';
import {
  TRANSITION_RELAY,
  TransitionAnnouncements,
} from './announce-transitions/transition-announcements.js';
import { RelayReadiness } from './announce-transitions/relay-readiness.js';
import { PassportSigner } from './seal-passports/passport-signer.js';
import { PassportTransitionsConsumer } from './seal-passports/rack-transitions.consumer.js';
import { SealPassportsUseCase } from './seal-passports/seal-passports.use-case.js';
import { TrackerConfig } from './tracker.config.js';
import { TrackerMetrics } from './tracker.metrics.js';
import { PartitionProgressScheduler } from './watch-partition-progress/partition-progress.scheduler.js';
import { WatchPartitionProgressUseCase } from './watch-partition-progress/watch-partition-progress.use-case.js';

@Module({})
export class TrackerModule {
  static forRoot(config: TrackerConfig): DynamicModule {
    return {
      module: TrackerModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'tracker',
          config,
          poolSize: config.TRACKER_PARTITIONS_CONCURRENTLY + 3,
        }),
      ],
      providers: [
        { provide: TrackerConfig, useValue: config },
        {
          provide: TRACKER_SETTINGS,
          useValue: {
            consumerGroup: config.TRACKER_CONSUMER_GROUP,
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
            maxRetryDelayMs: config.TRACKER_RETRY_MAX_MS,
            maxChunkMessages: config.TRACKER_CHUNK_SIZE,
          } satisfies TrackerSettings,
        },
        {
          provide: RackStateMachine,
          useValue: new RackStateMachine({
            maxClockSkewMs: config.MAX_CLOCK_SKEW_SECONDS * 1000,
            maxEventAgeMs: config.MAX_EVENT_AGE_DAYS * 86_400_000,
          }),
        },
        {
          provide: BatchingProducer,
          useFactory: (kafka: Kafka) => new BatchingProducer(kafka, { sendTimeoutMs: 10000 }),
          inject: [KAFKA_CLIENT],
        },
        // Dead letters, from the outbox, with a producer of their own.
        {
          provide: DEAD_LETTER_PRODUCER,
          useFactory: (kafka: Kafka) => new BatchingProducer(kafka, { sendTimeoutMs: 10000 }),
          inject: [KAFKA_CLIENT],
        },
        {
          provide: OutboxRelay,
          useFactory: (uow: UnitOfWork, producer: BatchingProducer) =>
            new OutboxRelay(uow.outbox, producer, {
              batchSize: 1000,
              idlePollMs: config.OUTBOX_IDLE_POLL_MS,
            }),
          inject: [UnitOfWork, DEAD_LETTER_PRODUCER],
        },
        // rack-transitions, from the transition rows themselves.
        {
          provide: TransitionAnnouncements,
          useFactory: (uow: UnitOfWork, metrics: TrackerMetrics) =>
            new TransitionAnnouncements(uow.transitionRelay, metrics, {
              topic: config.topic(TOPICS.rackTransitions.name),
              holdWarnMs: config.TRANSITION_RELAY_HOLD_WARN_SECONDS * 1000,
            }),
          inject: [UnitOfWork, TrackerMetrics],
        },
        {
          provide: TRANSITION_RELAY,
          useFactory: (announcements: TransitionAnnouncements, producer: BatchingProducer) =>
            new OutboxRelay(announcements, producer, {
              batchSize: 1000,
              idlePollMs: config.OUTBOX_IDLE_POLL_MS,
            }),
          inject: [TransitionAnnouncements, BatchingProducer],
        },
        RelayReadiness,
        TrackerMetrics,
        ApplyStationEventsUseCase,
        {
          provide: TopicWatermarks,
          useFactory: (kafka: Kafka) => new TopicWatermarks(kafka),
          inject: [KAFKA_CLIENT],
        },
        WatchPartitionProgressUseCase,
        PartitionProgressScheduler,
        StationEventsConsumer,
        // Read at start-up, so a missing or wrong key stops the tracker with a message rather than at first ship.
        { provide: PassportSigner, useValue: PassportSigner.fromFile(config.PASSPORT_SIGNING_KEY_FILE) },
        { provide: Clock, useClass: SystemClock },
        SealPassportsUseCase,
        PassportTransitionsConsumer,
      ],
    };
  }
}
