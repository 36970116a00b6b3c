import { Module, type DynamicModule } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { RackStateMachine } from '#domain';
import { BatchingProducer, OutboxRelay, TopicWatermarks } from '#messaging';
import {
  ComponentFailureRepository,
  ComponentInstallRepository,
  ConsumerOffsetRepository,
  OutboxRepository,
  RackRepository,
  RackRouteRepository,
  RackTransitionRepository,
  RejectionRepository,
  StationEventRepository,
  TestMeasurementRepository,
} from '#persistence';
import { InfrastructureModule, KAFKA_CLIENT } from '#platform';
import {
  ApplyStationEventsUseCase,
  ROUTE_CATALOG,
  TRACKER_SETTINGS,
} from './apply-station-events/apply-station-events.use-case.js';
import { StationEventsConsumer } from './station-events.consumer.js';
import { TrackerConfig } from './tracker.config.js';
import { TrackerMetrics } from './tracker.metrics.js';
import { PartitionProgressWatcher } from './watch-partition-progress/partition-progress.watcher.js';

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
          },
        },
        {
          provide: RackStateMachine,
          useValue: new RackStateMachine({
            maxClockSkewMs: config.MAX_CLOCK_SKEW_SECONDS * 1000,
            maxEventAgeMs: config.MAX_EVENT_AGE_DAYS * 86_400_000,
          }),
        },
        {
          provide: ROUTE_CATALOG,
          useFactory: (dataSource: DataSource) => new RackRouteRepository(dataSource),
          inject: [DataSource],
        },
        {
          provide: OutboxRepository,
          useFactory: (dataSource: DataSource) => new OutboxRepository(dataSource),
          inject: [DataSource],
        },
        {
          provide: BatchingProducer,
          useFactory: (kafka: Kafka) => new BatchingProducer(kafka, { sendTimeoutMs: 10000 }),
          inject: [KAFKA_CLIENT],
        },
        {
          provide: OutboxRelay,
          useFactory: (store: OutboxRepository, producer: BatchingProducer) =>
            new OutboxRelay(store, producer, { batchSize: 1000, idlePollMs: config.OUTBOX_IDLE_POLL_MS }),
          inject: [OutboxRepository, BatchingProducer],
        },
        ConsumerOffsetRepository,
        StationEventRepository,
        RackRepository,
        RackTransitionRepository,
        RejectionRepository,
        ComponentInstallRepository,
        TestMeasurementRepository,
        ComponentFailureRepository,
        TrackerMetrics,
        ApplyStationEventsUseCase,
        {
          provide: TopicWatermarks,
          useFactory: (kafka: Kafka) => new TopicWatermarks(kafka),
          inject: [KAFKA_CLIENT],
        },
        PartitionProgressWatcher,
        StationEventsConsumer,
      ],
    };
  }
}
