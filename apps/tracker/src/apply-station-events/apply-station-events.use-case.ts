import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { componentLookupsFor, InMemoryComponentLocator, RackStateMachine, type RackRoute } from '#domain';
import { type DecodedStationEvent } from '#contracts';
import type { PartitionBatch } from '#messaging';
import {
  ComponentFailureRepository,
  ComponentInstallRepository,
  ConsumerOffsetRepository,
  isUniqueViolation,
  OutboxRepository,
  RackRepository,
  RackTransitionRepository,
  RejectionRepository,
  StationEventRepository,
  TestMeasurementRepository,
  type Queryable,
} from '#persistence';
import { decodeAll, planBatch, type BatchEffects } from './station-event-batch-plan.js';
import { TrackerMetrics } from '../tracker.metrics.js';

export const TRACKER_SETTINGS = Symbol('TRACKER_SETTINGS');
export const ROUTE_CATALOG = Symbol('ROUTE_CATALOG');

export interface TrackerSettings {
  consumerGroup: string;
  topicPrefix: string;
}

/** Where routes for new racks come from (the api's route admin writes them). */
export interface RouteCatalog {
  findByModels(models: string[]): Promise<RackRoute[]>;
}

// Two racks in different partitions racing to install one serial: the loser's transaction fails on the
// one-rack-at-a-time index and is re-planned, now seeing the winner's install and rejecting its own.
const MAX_ATTEMPTS = 5;

/**
 * The tracker's one use case: apply a chunk of one partition's station events to the racks, exactly once
 * in effect. One transaction holds the partition's offset row, the racks' new state, their history, the
 * rejections, the genealogy and the outbox; Kafka offsets are committed only after it.
 */
@Injectable()
export class ApplyStationEventsUseCase {
  private readonly logger = new Logger(ApplyStationEventsUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly machine: RackStateMachine,
    @Inject(TRACKER_SETTINGS) private readonly settings: TrackerSettings,
    @Inject(ROUTE_CATALOG) private readonly routes: RouteCatalog,
    private readonly metrics: TrackerMetrics,
    private readonly offsets: ConsumerOffsetRepository,
    private readonly stationEvents: StationEventRepository,
    private readonly racks: RackRepository,
    private readonly transitions: RackTransitionRepository,
    private readonly rejections: RejectionRepository,
    private readonly outbox: OutboxRepository,
    private readonly components: ComponentInstallRepository,
    private readonly measurements: TestMeasurementRepository,
    private readonly componentFailures: ComponentFailureRepository,
  ) {}

  async execute(batch: PartitionBatch): Promise<BatchEffects | null> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const effects = await this.dataSource.transaction('READ COMMITTED', (manager) =>
          this.applyInTransaction(manager, batch),
        );
        stopTimer();
        if (effects) this.metrics.record(effects);
        return effects;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isUniqueViolation(error, 'component_install_active_serial_uq')) {
          this.logger.warn({
            msg: 'component install raced another rack; re-planning batch',
            partition: batch.partition,
            attempt,
          });
          continue;
        }
        throw error;
      }
    }
  }

  private async applyInTransaction(db: Queryable, batch: PartitionBatch): Promise<BatchEffects | null> {
    const key = {
      consumerGroup: this.settings.consumerGroup,
      topic: batch.topic,
      partition: batch.partition,
    };
    const nextOffset = await this.offsets.lockNextOffset(db, key);
    const fresh = batch.messages.filter((message) => BigInt(message.offset) >= nextOffset);
    if (fresh.length === 0) return null; // all applied before a crash or by the partition's previous owner

    const decoded = decodeAll(fresh);
    const valid = decoded.filter((entry): entry is DecodedStationEvent => !(entry instanceof Error));
    const events = valid.map((entry) => entry.accepted.event);
    const lookups = componentLookupsFor(events);
    const newModels = [...new Set(events.map((event) => event.rackModel ?? 'default'))];
    // One connection runs one query at a time (pg queues the rest, and pg 9 will refuse them), so the
    // transaction's reads go one after another.
    const knownHashes = await this.stationEvents.findContentHashes(
      db,
      events.map((event) => event.eventId),
    );
    const racks = await this.racks.findBySerials(db, [...new Set(events.map((event) => event.rackSerial))]);
    const installed = await this.components.findActive(db, lookups.serials, lookups.parents);
    const routes = await this.routes.findByModels(newModels);

    const effects = planBatch(this.machine, {
      messages: fresh,
      decoded,
      knownHashes,
      racks,
      routes: new Map(routes.map((route) => [route.model, route])),
      components: new InMemoryComponentLocator(installed),
      topicPrefix: this.settings.topicPrefix,
    });

    await this.stationEvents.insertMany(db, effects.stationEvents);
    await this.racks.upsertMany(db, [...effects.racks.values()]);
    await this.transitions.insertMany(db, effects.transitions);
    await this.components.record(db, effects.removals, effects.installs);
    await this.measurements.insertMany(db, effects.measurements);
    await this.componentFailures.insertMany(db, effects.componentFailures);
    await this.rejections.insertMany(db, effects.rejections);
    await this.outbox.insertMany(db, effects.outbox);
    await this.offsets.advance(db, key, BigInt(fresh[fresh.length - 1].offset) + 1n);
    return effects;
  }
}
