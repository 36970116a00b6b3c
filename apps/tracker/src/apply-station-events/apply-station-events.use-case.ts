import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { componentLookupsFor, InMemoryComponentLocator, RackStateMachine, type RackRoute } from '#domain';
import { type DecodedStationEvent } from '#contracts';
import {
  BatchAbandonedError,
  waitWhileActive,
  type BatchControl,
  type ConsumedMessage,
  type PartitionBatch,
} from '#messaging';
import {
  classifyDatabaseFailure,
  ComponentFailureRepository,
  ComponentInstallRepository,
  ConsumerOffsetRepository,
  describeDatabaseFailure,
  isUniqueViolation,
  OutboxRepository,
  RackRepository,
  RackTransitionRepository,
  RejectionRepository,
  StationEventRepository,
  TestMeasurementRepository,
  type Queryable,
} from '#persistence';
import {
  decodeAll,
  planBatch,
  storableText,
  unstorableRefusal,
  type BatchEffects,
} from './station-event-batch-plan.js';
import { retryDelayMs } from './retry-delay.js';
import { TrackerMetrics } from '../tracker.metrics.js';

export const TRACKER_SETTINGS = Symbol('TRACKER_SETTINGS');
export const ROUTE_CATALOG = Symbol('ROUTE_CATALOG');

export interface TrackerSettings {
  consumerGroup: string;
  topicPrefix: string;
  /** Longest wait between two tries of a write the database could not take (it is away or restarting). */
  maxRetryDelayMs: number;
}

/** Where routes for new racks come from (the api's route admin writes them). */
export interface RouteCatalog {
  findByModels(models: string[]): Promise<RackRoute[]>;
}

// How often a chunk that lost a component-install race is re-planned before it is treated as refused data.
const MAX_RACE_REPLANS = 5;
// A failure log names at most this many event ids, so one line stays well under 2 KB.
const MAX_LOGGED_EVENT_IDS = 10;

/** Where a failure happened, bounded: partition, offsets and the first few event ids (never the data). */
function where(batch: PartitionBatch, messages: readonly ConsumedMessage[]) {
  const eventIds = decodeAll(messages.slice(0, MAX_LOGGED_EVENT_IDS)).map((decoded) =>
    decoded instanceof Error ? (decoded.eventId ?? null) : decoded.message.event.eventId,
  );
  return {
    partition: batch.partition,
    offsets: `${messages[0]?.offset}-${messages[messages.length - 1]?.offset}`,
    messages: messages.length,
    eventIds: eventIds.map((id) => (id === null ? null : storableText(id, 64))),
  };
}

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

  /**
   * Applies the chunk, whatever it holds. A write refused for a reason in the data (a value PostgreSQL cannot
   * store, a constraint) is narrowed down by halves to the message at fault, which is recorded as an
   * `unstorable` rejection with its bytes and dead-lettered; the rest is applied and the partition moves on.
   * A database that is away is waited for, with backoff, for as long as this member holds the partition.
   */
  async execute(batch: PartitionBatch, control: BatchControl): Promise<void> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    await this.applyIsolatingFaults(batch, batch.messages, control);
    stopTimer();
  }

  private async applyIsolatingFaults(
    batch: PartitionBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
  ): Promise<void> {
    try {
      const effects = await this.withConnectionRetry(batch, messages, control, (db) =>
        this.applyInTransaction(db, { ...batch, messages: [...messages] }),
      );
      if (effects) this.metrics.record(effects);
      return;
    } catch (error) {
      if (error instanceof BatchAbandonedError) throw error;
      this.logger.warn({
        msg:
          messages.length > 1
            ? 'write refused for its data; halving the chunk to find the message at fault'
            : 'write refused for its data; recording the message as unstorable',
        ...where(batch, messages),
        failure: describeDatabaseFailure(error),
      });
      if (messages.length === 1) return this.recordUnstorable(batch, messages[0]!, error, control);
    }
    const half = Math.ceil(messages.length / 2);
    await this.applyIsolatingFaults(batch, messages.slice(0, half), control);
    await this.applyIsolatingFaults(batch, messages.slice(half), control);
  }

  private async recordUnstorable(
    batch: PartitionBatch,
    message: ConsumedMessage,
    failure: unknown,
    control: BatchControl,
  ): Promise<void> {
    const { rejection, deadLetter } = unstorableRefusal(
      message,
      describeDatabaseFailure(failure),
      this.settings.topicPrefix,
    );
    await this.withConnectionRetry(batch, [message], control, async (db) => {
      const key = this.partitionKey(batch);
      if (BigInt(message.offset) < (await this.offsets.lockNextOffset(db, key))) return null;
      await this.rejections.insertMany(db, [rejection]);
      await this.outbox.insertMany(db, [deadLetter]);
      await this.offsets.advance(db, key, BigInt(message.offset) + 1n);
      return null;
    });
    this.metrics.recordUnstorable();
  }

  /**
   * Runs one transaction until it commits or fails for its data. Connection failures wait and try again
   * (exponential backoff up to maxRetryDelayMs, heartbeating meanwhile), never a tight loop; a component
   * race with another partition is re-planned at once. Leaves (BatchAbandonedError) once the partition is
   * no longer ours, without touching offsets.
   */
  private async withConnectionRetry<T>(
    batch: PartitionBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
    work: (db: Queryable) => Promise<T>,
  ): Promise<T> {
    let races = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction('READ COMMITTED', (manager) => work(manager));
      } catch (error) {
        // Two racks in different partitions racing to install one serial: the loser re-plans and, now
        // seeing the winner's install, rejects its own event.
        if (isUniqueViolation(error, 'component_install_active_serial_uq') && ++races < MAX_RACE_REPLANS)
          continue;
        if (classifyDatabaseFailure(error) === 'data') throw error;
        const delayMs = retryDelayMs(attempt, this.settings.maxRetryDelayMs);
        this.metrics.writeRetries.inc();
        this.logger.warn({
          msg: 'database unavailable; retrying the chunk',
          ...where(batch, messages),
          attempt,
          retryInMs: delayMs,
          failure: describeDatabaseFailure(error),
        });
        if (!(await waitWhileActive(delayMs, control))) throw new BatchAbandonedError();
      }
    }
  }

  private partitionKey(batch: PartitionBatch) {
    return { consumerGroup: this.settings.consumerGroup, topic: batch.topic, partition: batch.partition };
  }

  private async applyInTransaction(db: Queryable, batch: PartitionBatch): Promise<BatchEffects | null> {
    const key = this.partitionKey(batch);
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
