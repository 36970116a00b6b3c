import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  componentLookupsFor,
  DEFAULT_RACK_MODEL,
  InMemoryComponentLocator,
  MAX_ESCALATION_WINDOW_HOURS,
  RackStateMachine,
  type BurnInLocation,
} from '#domain';
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
  describeDatabaseFailure,
  isUniqueViolation,
  readChunkState,
  runAsOneStatement,
  UnitOfWork,
  type ChunkState,
  type OffsetMove,
  type Repositories,
  type StoredDispositionTable,
} from '#persistence';
import {
  NO_DISPOSITION_INPUTS,
  planBatch,
  type BatchEffects,
  type BatchInputs,
  type BurnInInputs,
  type DispositionInputs,
} from './station-event-batch-plan.js';
import { decodeAll, storableText, unstorableRefusal } from './station-event-refusal.js';
import { retryDelayMs } from './retry-delay.js';
import { ChunkGroupCommit, type GroupMember } from './chunk-group-commit.js';
import { TrackerMetrics } from '../tracker.metrics.js';

export const TRACKER_SETTINGS = Symbol('TRACKER_SETTINGS');

export interface TrackerSettings {
  consumerGroup: string;
  topicPrefix: string;
  /** Longest wait between two tries of a write the database could not take (it is away or restarting). */
  maxRetryDelayMs: number;
  /**
   * Most messages one transaction applies (TRACKER_CHUNK_SIZE). Chunks of up to a quarter of it, what a line
   * running at its pace delivers, are written together with the other partitions' chunks that are waiting.
   */
  maxChunkMessages: number;
}

// Unique indexes where another partition's chunk can win a race for the same thing: a component serial,
// a burn-in position, an event id (two different events posted with one id, for racks in different partitions).
// The loser re-plans and, now seeing the winner, refuses its own event.
const RACED_INDEXES = ['component_install_active_serial_uq', 'rack_location_uq', 'rack_transition_event_uq'];
// How often a chunk that lost such a race is re-planned before it is treated as refused data.
const MAX_RACE_REPLANS = 5;
// A failure log names at most this many event ids, so one line stays well under 2 KB.
const MAX_LOGGED_EVENT_IDS = 10;
const HOUR_MS = 3_600_000;

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

/** What applying a chunk left for the relays: dead letters are rare, so their relay is woken only for them. */
export interface AppliedChunk {
  deadLetters: number;
}

interface WaitingChunk {
  batch: PartitionBatch;
  control: BatchControl;
}

/**
 * The tracker's one use case: apply a chunk of one partition's station events to the racks, exactly once
 * in effect. One transaction holds the partition's offset row (each partition's, for a group of small chunks),
 * the racks' new state, their history (which stores each accepted event), the refusals, the genealogy and the
 * outbox; Kafka offsets are
 * committed only after it.
 */
@Injectable()
export class ApplyStationEventsUseCase {
  private readonly logger = new Logger(ApplyStationEventsUseCase.name);
  // Saved disposition tables never change, only grow: reloaded when a newer version appears.
  private dispositionTables: StoredDispositionTable[] = [];
  private readonly smallChunks: ChunkGroupCommit<WaitingChunk, AppliedChunk>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly machine: RackStateMachine,
    @Inject(TRACKER_SETTINGS) private readonly settings: TrackerSettings,
    private readonly metrics: TrackerMetrics,
  ) {
    this.smallChunks = new ChunkGroupCommit(settings.maxChunkMessages, (members) =>
      this.applyTogether(members),
    );
  }

  /**
   * Applies the chunk, whatever it holds. A write refused for a reason in the data (a value PostgreSQL cannot
   * store, a constraint) is narrowed down by halves to the message at fault, which is recorded as an
   * `unstorable` rejection with its bytes and dead-lettered; the rest is applied and the partition moves on.
   * A database that is away is waited for, with backoff, for as long as this member holds the partition.
   * A small chunk goes with the other partitions' small chunks waiting at that moment, in one transaction.
   */
  async execute(batch: PartitionBatch, control: BatchControl): Promise<AppliedChunk> {
    if (batch.messages.length * 4 <= this.settings.maxChunkMessages)
      return this.smallChunks.submit({ batch, control }, batch.messages.length, String(batch.partition));
    return this.applyAlone(batch, control);
  }

  private async applyAlone(batch: PartitionBatch, control: BatchControl): Promise<AppliedChunk> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    const deadLetters = await this.applyIsolatingFaults(batch, batch.messages, control);
    stopTimer();
    return { deadLetters };
  }

  /**
   * Writes a group of chunks from different partitions in one transaction, with one plan and one offset
   * statement. If that transaction fails for any reason (a message at fault, a lost race for a component, the
   * database away), each chunk is applied alone instead, where faults are narrowed down and retries wait: the
   * group only saves round trips, it never decides anything.
   */
  private async applyTogether(members: readonly GroupMember<WaitingChunk, AppliedChunk>[]): Promise<void> {
    const active = members.filter(({ item, reject }) => {
      if (item.control.isActive()) return true;
      reject(new BatchAbandonedError());
      return false;
    });
    if (active.length > 1) {
      const stopTimer = this.metrics.batchSeconds.startTimer();
      try {
        const effects = await this.uow.write(
          (repositories) =>
            this.applyInTransaction(
              repositories,
              active.map(({ item }) => item.batch),
            ),
          'READ COMMITTED',
        );
        stopTimer();
        if (effects) this.metrics.record(effects);
        this.metrics.chunksWrittenTogether.inc(active.length);
        for (const { resolve } of active) resolve({ deadLetters: effects?.outbox.length ?? 0 });
        return;
      } catch (error) {
        const race = RACED_INDEXES.some((index) => isUniqueViolation(error, index));
        this.logger[race ? 'debug' : 'warn']({
          msg: 'chunks of several partitions could not be written together; applying each alone',
          partitions: active.map(({ item }) => item.batch.partition),
          failure: describeDatabaseFailure(error),
        });
      }
    }
    await Promise.all(
      active.map(({ item, resolve, reject }) =>
        this.applyAlone(item.batch, item.control).then(resolve, reject),
      ),
    );
  }

  /** Applies the messages; answers how many dead letters it wrote to the outbox. */
  private async applyIsolatingFaults(
    batch: PartitionBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
  ): Promise<number> {
    try {
      const effects = await this.withConnectionRetry(batch, messages, control, (repositories) =>
        this.applyInTransaction(repositories, [{ ...batch, messages: [...messages] }]),
      );
      if (effects) this.metrics.record(effects);
      return effects?.outbox.length ?? 0;
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
    return (
      (await this.applyIsolatingFaults(batch, messages.slice(0, half), control)) +
      (await this.applyIsolatingFaults(batch, messages.slice(half), control))
    );
  }

  private async recordUnstorable(
    batch: PartitionBatch,
    message: ConsumedMessage,
    failure: unknown,
    control: BatchControl,
  ): Promise<number> {
    const { rejection, deadLetter } = unstorableRefusal(
      message,
      describeDatabaseFailure(failure),
      this.settings.topicPrefix,
    );
    await this.withConnectionRetry(batch, [message], control, async ({ db, consumerOffsets, rejections }) => {
      const key = this.partitionKey(batch);
      if (BigInt(message.offset) < (await consumerOffsets.lockNextOffset(db, key))) return null;
      await rejections.insertMany(db, [rejection]);
      await this.uow.outbox.insertMany(db, [deadLetter]);
      await consumerOffsets.advance(db, key, BigInt(message.offset) + 1n);
      return null;
    });
    this.metrics.recordUnstorable();
    return 1;
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
    work: (repositories: Repositories) => Promise<T>,
  ): Promise<T> {
    let races = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.uow.write(work, 'READ COMMITTED');
      } catch (error) {
        // Two racks in different partitions racing to install one serial or take one position: the loser
        // re-plans and, now seeing the winner, rejects its own event.
        if (RACED_INDEXES.some((index) => isUniqueViolation(error, index)) && ++races < MAX_RACE_REPLANS)
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

  /**
   * Chunks (one, or a group of several partitions') in one transaction: lock their partitions' offsets, load
   * what the fresh messages touch, plan in memory, write the plan and each offset past it. A rack's events are
   * all in one partition, so planning the chunks one after another keeps every rack's order.
   */
  private async applyInTransaction(
    repositories: Repositories,
    chunks: readonly PartitionBatch[],
  ): Promise<BatchEffects | null> {
    const keys = chunks.map((chunk) => this.partitionKey(chunk));
    const nextOffsets = await repositories.consumerOffsets.lockNextOffsets(repositories.db, keys);
    const fresh: ConsumedMessage[] = [];
    const moves: OffsetMove[] = [];
    chunks.forEach((chunk, index) => {
      // Messages below the offset were applied before a crash or by the partition's previous owner.
      const unapplied = chunk.messages.filter((message) => BigInt(message.offset) >= nextOffsets[index]);
      if (unapplied.length === 0) return;
      fresh.push(...unapplied);
      moves.push({ key: keys[index], nextOffset: BigInt(unapplied[unapplied.length - 1].offset) + 1n });
    });
    if (fresh.length === 0) return null;

    const effects = planBatch(this.machine, await this.loadInputs(repositories, fresh));
    await this.writeEffects(repositories, effects, moves);
    return effects;
  }

  /** What planning needs from the database: the events' known hashes, their racks, components and routes. */
  private async loadInputs(
    repositories: Repositories,
    messages: readonly ConsumedMessage[],
  ): Promise<BatchInputs> {
    const { db, componentInstalls } = repositories;
    const decoded = decodeAll(messages);
    const valid = decoded.filter((entry): entry is DecodedStationEvent => !(entry instanceof Error));
    const events = valid.map((entry) => entry.accepted.event);
    const lookups = componentLookupsFor(events);
    // One connection runs one query at a time (pg queues the rest, and pg 9 will refuse them), so the
    // transaction's reads go one after another; the two every chunk makes share one statement.
    const { knownHashes, racks: stored } = await readChunkState(
      db,
      events.map((event) => event.eventId),
      [...new Set(events.map((event) => event.rackSerial))],
    );
    const installed = await componentInstalls.findActive(db, lookups.serials, lookups.parents);
    // A rack keeps the route it was created with, so routes are read only for racks the chunk creates: nearly
    // every chunk reads none. From the pool, outside the transaction: the api's route admin writes them.
    const newModels = events
      .filter((event) => !stored.has(event.rackSerial))
      .map((event) => event.rackModel ?? DEFAULT_RACK_MODEL);
    const routes = await this.uow.pool.routes.findByModels(newModels);
    const burnIn = await this.loadBurnIn(repositories, valid, stored);
    const dispositions = await this.loadDispositionInputs(repositories, valid);
    return {
      messages,
      decoded,
      knownHashes,
      racks: stored,
      routes: new Map(routes.map((route) => [route.model, route])),
      components: new InMemoryComponentLocator(installed),
      burnIn,
      dispositions,
      topicPrefix: this.settings.topicPrefix,
    };
  }

  /**
   * For chunks that report failure codes: the table versions, and the earlier failures of the parts and racks
   * they name (reaching back the longest window a row may have). For chunks that remove parts: the replace_part
   * dispositions those parts carry. Nothing is read for chunks that do neither, which is nearly all of them.
   */
  private async loadDispositionInputs(
    { failureDispositions }: Pick<Repositories, 'failureDispositions'>,
    events: readonly DecodedStationEvent[],
  ): Promise<DispositionInputs> {
    const failing = events.filter(({ message }) => (message.event.failures?.length ?? 0) > 0);
    const removed = events.flatMap(({ message }) =>
      message.event.type === 'component_removed' ? (message.event.components ?? []).map((c) => c.serial) : [],
    );
    if (failing.length === 0 && removed.length === 0) return NO_DISPOSITION_INPUTS;
    let history: DispositionInputs['history'] = [];
    if (failing.length > 0) {
      const subjects = failing.flatMap(({ message: { event } }) =>
        (event.failures ?? []).map((failure) => failure.componentSerial ?? event.rackSerial),
      );
      const earliest = Math.min(...failing.map(({ accepted }) => accepted.event.occurredAt.getTime()));
      history = await failureDispositions.occurrencesOf(
        subjects,
        new Date(earliest - MAX_ESCALATION_WINDOW_HOURS * HOUR_MS),
      );
    }
    const pending = await failureDispositions.pendingReplacements(removed);
    const tables = failing.length > 0 ? await this.currentDispositionTables() : [];
    return {
      tables: tables.map(({ table, effectiveFrom }) => ({ table, effectiveFrom })),
      history,
      pending,
    };
  }

  private async currentDispositionTables(): Promise<StoredDispositionTable[]> {
    const tables = this.uow.pool.dispositionTables;
    const latest = await tables.latestVersion();
    if (latest !== (this.dispositionTables.at(-1)?.table.version ?? 0))
      this.dispositionTables = await tables.findAll();
    return this.dispositionTables;
  }

  /**
   * Cells of the sites where the chunk's events start a run at a named position, locked for share so that an
   * admin cannot shrink one under a start this chunk decides on it, and who holds those positions (both in
   * the transaction). A position another partition takes meanwhile is caught by rack_location_uq.
   */
  private async loadBurnIn(
    { db, racks, burnInCells }: Pick<Repositories, 'db' | 'racks' | 'burnInCells'>,
    events: readonly DecodedStationEvent[],
    stored: ChunkState['racks'],
  ): Promise<BurnInInputs> {
    const named = new Map<string, BurnInLocation[]>();
    for (const { message } of events) {
      const { event, station } = message;
      if (event.type !== 'started' || event.location == null) continue;
      const site = stored.get(event.rackSerial)?.siteId ?? station.siteId;
      named.set(site, [...(named.get(site) ?? []), event.location]);
    }
    if (named.size === 0) return { cells: [], occupants: new Map() };
    const cells = await burnInCells.findBySitesForShare([...named.keys()]);
    const occupants = new Map<string, Map<string, string>>();
    for (const [site, locations] of named)
      occupants.set(site, await racks.findOccupants(db, site, locations));
    return { cells, occupants };
  }

  /**
   * The chunk's events, racks, history and offset go in one statement: at line rates a chunk is one event, and
   * every round trip costs more CPU than its rows. Freed burn-in positions go first (a rack taking one is
   * checked against them row by row); the rarer writes (genealogy, measurements, failures, rejections) follow
   * one by one, skipped when empty.
   */
  private async writeEffects(
    repositories: Repositories,
    effects: BatchEffects,
    moves: readonly OffsetMove[],
  ): Promise<void> {
    const { db } = repositories;
    await repositories.racks.vacatePositions(db, [...effects.vacatedPositions]);
    await runAsOneStatement(db, [
      repositories.stationEvents.insertStatement(effects.refusedEvents),
      repositories.racks.upsertStatement([...effects.racks.values()]),
      repositories.transitions.insertStatement(effects.transitions),
      repositories.consumerOffsets.advanceStatement(moves),
    ]);
    await repositories.componentInstalls.record(db, effects.removals, effects.installs);
    await repositories.measurements.insertMany(db, effects.measurements);
    await repositories.componentFailures.insertMany(db, effects.componentFailures);
    await repositories.failureDispositions.insertMany(effects.dispositions);
    await repositories.supplierReturns.insertMany(effects.supplierReturns);
    await repositories.rejections.insertMany(db, effects.rejections);
    await this.uow.outbox.insertMany(db, effects.outbox);
  }
}
