import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RackStateMachine } from '#domain';
import { UnitOfWork } from '#persistence';
import { MetricsRegistry } from '#platform';
import {
  ApplyStationEventsUseCase,
  TRACKER_SETTINGS,
  type TrackerSettings,
} from '../apply-station-events/apply-station-events.use-case.js';
import { TrackerConfig } from '../tracker.config.js';
import { TrackerMetrics } from '../tracker.metrics.js';

/**
 * The tracker's use case and nothing around it, on the database being rebuilt: no Kafka producer, no relays,
 * no passport sealing, no HTTP. The same state machine policy as the live tracker (its variables), so an
 * event is accepted or refused on replay exactly as it was live.
 */
@Module({})
export class RebuildModule {
  static forRoot(config: TrackerConfig, target: DataSource): DynamicModule {
    return {
      module: RebuildModule,
      providers: [
        { provide: UnitOfWork, useValue: new UnitOfWork(target) },
        {
          provide: TRACKER_SETTINGS,
          useValue: {
            // The live tracker's group: a tracker later started on the rebuilt database finds its applied
            // offsets there and skips what the replay applied (docs/operations.md).
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
        { provide: MetricsRegistry, useValue: new MetricsRegistry('rebuild') },
        TrackerMetrics,
        ApplyStationEventsUseCase,
      ],
    };
  }
}
