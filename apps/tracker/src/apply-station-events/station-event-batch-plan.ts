import {
  BurnInOccupancy,
  ComponentLocatorOverlay,
  DEFAULT_DISPOSITION_TABLE,
  FailureHistoryOverlay,
  InMemoryFailureHistory,
  supplierReturnsFor,
  formatLocation,
  sameLocation,
  InMemoryComponentLocator,
  routeOfModel,
  type AcceptedRackDecision,
  type BurnInCell,
  type DispositionTable,
  type PendingReplacement,
  type RackDecisionContext,
  type RackRoute,
  type RackStateMachine,
} from '#domain';
import { TOPICS, MalformedMessageError, type DecodedStationEvent, type StationEventDto } from '#contracts';
import type { ConsumedMessage } from '#messaging';
import type {
  ComponentFailureRecord,
  ComponentMovement,
  FailureDispositionRecord,
  FailureOccurrence,
  OutboxRecord,
  RackTransitionRecord,
  RecordedEvent,
  RejectionRecord,
  StationEventRecord,
  StoredRack,
  SupplierReturnRecord,
  TestMeasurementRecord,
} from '#persistence';
import { correlationIdOf, refusalOf, type RefusedMessage } from './station-event-refusal.js';

/** Everything one chunk of consumed messages writes, computed in memory before the transaction writes it. */
export interface BatchEffects {
  // Events the state machine refused, for station_event; an accepted event is stored once, in its transition.
  refusedEvents: StationEventRecord[];
  racks: Map<string, StoredRack>;
  // Racks that left a position they held: it is freed before the racks are written, so that a rack of the
  // chunk taking it is not refused by rack_location_uq (PostgreSQL checks a unique index row by row).
  vacatedPositions: Set<string>;
  transitions: RackTransitionRecord[];
  rejections: RejectionRecord[];
  // Dead letters of the refused messages; accepted ones are announced from their transition rows.
  outbox: OutboxRecord[];
  installs: ComponentMovement[];
  removals: ComponentMovement[];
  measurements: TestMeasurementRecord[];
  componentFailures: ComponentFailureRecord[];
  dispositions: FailureDispositionRecord[];
  supplierReturns: SupplierReturnRecord[];
  accepted: number;
  duplicates: number;
}

/** What the use case loads before planning: the chunk, and the database's view of what it touches. */
export interface BatchInputs {
  messages: readonly ConsumedMessage[];
  decoded: readonly (DecodedStationEvent | MalformedMessageError)[];
  knownHashes: ReadonlyMap<string, string>;
  racks: ReadonlyMap<string, StoredRack>;
  routes: ReadonlyMap<string, RackRoute>;
  components: InMemoryComponentLocator;
  // Cells of the sites the chunk starts dwell runs at, and who holds the positions those starts name.
  burnIn: BurnInInputs;
  dispositions: DispositionInputs;
  topicPrefix: string;
}

/** What deciding the chunk's failures and opening its returns needs. */
export interface DispositionInputs {
  // Saved versions of the disposition table, oldest first; none means the shipped table is in force.
  tables: readonly { table: DispositionTable; effectiveFrom: Date }[];
  // Earlier failures of the parts and racks the chunk's failures name: what they escalate on.
  history: readonly FailureOccurrence[];
  // replace_part dispositions of the parts the chunk removes, while in their current rack.
  pending: readonly PendingReplacement[];
}

export const NO_DISPOSITION_INPUTS: DispositionInputs = { tables: [], history: [], pending: [] };

/**
 * The version in force for an event ingest received at `receivedAt`: the newest saved from then on. Judged by
 * receipt, not by when the tracker gets to it, so a replay or a lagging tracker decides as the live line did.
 */
export function dispositionTableAt(tables: DispositionInputs['tables'], receivedAt: Date): DispositionTable {
  let inForce = DEFAULT_DISPOSITION_TABLE;
  for (const { table, effectiveFrom } of tables)
    if (effectiveFrom.getTime() <= receivedAt.getTime()) inForce = table;
  return inForce;
}

export interface BurnInInputs {
  cells: readonly BurnInCell[];
  // Keyed by site, then by `cell/position` (formatLocation).
  occupants: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * The plan as it grows, message by message: the effects so far, and the chunk's racks, event ids and
 * components as the earlier messages left them (a later message of the same rack sees the earlier one applied).
 */
interface Plan {
  readonly machine: RackStateMachine;
  readonly effects: BatchEffects;
  readonly racks: Map<string, StoredRack>;
  readonly seen: Map<string, string>;
  readonly components: ComponentLocatorOverlay;
  // Per site: positions as the chunk's earlier events left them.
  readonly burnIn: Map<string, BurnInOccupancy>;
  readonly failureHistory: FailureHistoryOverlay;
  // Per part serial: replace_part dispositions a removal would turn into a return.
  readonly pendingReplacements: Map<string, PendingReplacement[]>;
  // Per part serial: the chunk's installs not removed (yet) within it, which a later removal closes in place.
  readonly installsOpenInChunk: Map<string, ComponentMovement>;
  readonly dispositionTables: DispositionInputs['tables'];
  readonly context: RackDecisionContext;
  readonly deadLetterTopic: string;
}

/**
 * Runs the state machine over one chunk in Kafka order and collects its effects. Pure apart from its
 * inputs: the use case loads them, calls this, and writes the result in one transaction. Each message is
 * refused (malformed, a reused event id, a decision against it), counted as a duplicate, or applied.
 */
export function planBatch(machine: RackStateMachine, inputs: BatchInputs): BatchEffects {
  const plan = startPlan(machine, inputs);
  inputs.messages.forEach((message, index) => planMessage(plan, message, inputs.decoded[index]));
  return plan.effects;
}

function startPlan(machine: RackStateMachine, inputs: BatchInputs): Plan {
  const components = new ComponentLocatorOverlay(inputs.components);
  return {
    machine,
    effects: {
      refusedEvents: [],
      racks: new Map(),
      vacatedPositions: new Set(),
      transitions: [],
      rejections: [],
      outbox: [],
      installs: [],
      removals: [],
      measurements: [],
      componentFailures: [],
      dispositions: [],
      supplierReturns: [],
      accepted: 0,
      duplicates: 0,
    },
    racks: new Map(inputs.racks),
    seen: new Map(inputs.knownHashes),
    components,
    burnIn: burnInOccupancies(inputs.burnIn),
    failureHistory: new FailureHistoryOverlay(new InMemoryFailureHistory(inputs.dispositions.history)),
    pendingReplacements: groupBySerial(inputs.dispositions.pending),
    installsOpenInChunk: new Map(),
    dispositionTables: inputs.dispositions.tables,
    context: { routeFor: (model) => routeOfModel(model, inputs.routes.get(model)), components },
    deadLetterTopic: `${inputs.topicPrefix}${TOPICS.stationEventsDeadLetter.name}`,
  };
}

function groupBySerial(pending: readonly PendingReplacement[]): Map<string, PendingReplacement[]> {
  const bySerial = new Map<string, PendingReplacement[]>();
  for (const entry of pending)
    bySerial.set(entry.componentSerial, [...(bySerial.get(entry.componentSerial) ?? []), entry]);
  return bySerial;
}

function burnInOccupancies({ cells, occupants }: BurnInInputs): Map<string, BurnInOccupancy> {
  const sites = new Set([...cells.map((cell) => cell.siteId), ...occupants.keys()]);
  return new Map(
    [...sites].map((site) => {
      const siteCells = new Map(
        cells.filter((cell) => cell.siteId === site).map((cell) => [cell.cellId, cell]),
      );
      const held = occupants.get(site);
      return [
        site,
        new BurnInOccupancy({
          cell: (cellId) => siteCells.get(cellId),
          occupant: (location) => held?.get(formatLocation(location)),
        }),
      ];
    }),
  );
}

// The positions of the rack's site (fixed when it was created, and the site rack_location_uq keys on).
function occupancyAt(plan: Plan, siteId: string): BurnInOccupancy {
  let occupancy = plan.burnIn.get(siteId);
  if (occupancy === undefined) {
    occupancy = new BurnInOccupancy({ cell: () => undefined, occupant: () => undefined });
    plan.burnIn.set(siteId, occupancy);
  }
  return occupancy;
}

function planMessage(
  plan: Plan,
  message: ConsumedMessage,
  decoded: DecodedStationEvent | MalformedMessageError,
): void {
  if (decoded instanceof MalformedMessageError) {
    const named = { eventId: decoded.eventId ?? null, rackSerial: decoded.rackSerial ?? message.key };
    return refuse(plan, message, { reason: 'malformed', detail: decoded.detail, ...named, stationId: null });
  }
  const { event } = decoded.message;
  if (!claimEventId(plan, message, decoded)) return;

  const stored = plan.racks.get(event.rackSerial);
  const burnIn = occupancyAt(plan, stored?.siteId ?? decoded.message.station.siteId);
  const dispositions = {
    table: dispositionTableAt(plan.dispositionTables, decoded.accepted.receivedAt),
    history: plan.failureHistory,
  };
  const decision = plan.machine.decide(stored?.state, decoded.accepted, {
    ...plan.context,
    burnIn,
    dispositions,
  });
  if (decision.outcome === 'rejected') {
    plan.effects.refusedEvents.push(refusedEventRecord(message, decoded));
    return refuse(plan, message, { reason: decision.reason, detail: decision.detail, ...namedBy(event) });
  }
  applyAccepted(plan, message, decoded, stored, decision);
}

function namedBy(event: StationEventDto): Pick<RefusedMessage, 'eventId' | 'rackSerial' | 'stationId'> {
  return { eventId: event.eventId, rackSerial: event.rackSerial, stationId: event.stationId };
}

function refuse(plan: Plan, message: ConsumedMessage, refused: RefusedMessage): void {
  const refusal = refusalOf(message, refused, plan.deadLetterTopic);
  plan.effects.rejections.push(refusal.rejection);
  plan.effects.outbox.push(refusal.deadLetter);
}

/**
 * Takes the event id for this event; false when it was taken before: by the same event (a re-post, applied
 * once already: counted as a duplicate) or by a different one (refused).
 */
function claimEventId(plan: Plan, message: ConsumedMessage, decoded: DecodedStationEvent): boolean {
  const { event } = decoded.message;
  const previousHash = plan.seen.get(event.eventId);
  if (previousHash === undefined) {
    plan.seen.set(event.eventId, decoded.contentHash);
    return true;
  }
  if (previousHash === decoded.contentHash) {
    plan.effects.duplicates += 1;
  } else {
    const detail = `eventId ${event.eventId} was already used for a different event`;
    refuse(plan, message, { reason: 'duplicate', detail, ...namedBy(event) });
  }
  return false;
}

/** What station_event and the transition row both keep of an event: its payload, hash, receipt and position. */
function recordedEvent(message: ConsumedMessage, decoded: DecodedStationEvent): RecordedEvent {
  return {
    payload: decoded.message.event,
    contentHash: decoded.contentHash,
    receivedAt: decoded.accepted.receivedAt,
    operatorId: decoded.message.event.operatorId ?? null,
    kafkaPartition: message.partition,
    kafkaOffset: message.offset,
  };
}

function refusedEventRecord(message: ConsumedMessage, decoded: DecodedStationEvent): StationEventRecord {
  const { event } = decoded.message;
  return {
    ...recordedEvent(message, decoded),
    eventId: event.eventId,
    rackSerial: event.rackSerial,
    stationId: event.stationId,
    stage: event.stage,
    type: event.type,
    occurredAt: decoded.accepted.event.occurredAt,
    outcome: 'rejected',
  };
}

/** An accepted event: the rack's new state, its history row, genealogy, measurements and announcement. */
function applyAccepted(
  plan: Plan,
  message: ConsumedMessage,
  decoded: DecodedStationEvent,
  stored: StoredRack | undefined,
  decision: AcceptedRackDecision,
): void {
  const { event, station } = decoded.message;
  const occurredAt = decoded.accepted.event.occurredAt;
  const rack = decision.rack;
  const next: StoredRack = {
    state: rack,
    siteId: stored?.siteId ?? station.siteId,
    lineId: stored?.lineId ?? station.lineId,
    startedAt: stored?.startedAt ?? occurredAt,
    completedAt: stored?.completedAt ?? (rack.status === 'shipped' ? occurredAt : null),
  };
  plan.effects.accepted += 1;
  const left = stored?.state.location ?? null;
  if (left !== null && !sameLocation(left, rack.location)) plan.effects.vacatedPositions.add(rack.serial);
  occupancyAt(plan, next.siteId).move(rack.serial, left, rack.location);
  plan.racks.set(rack.serial, next);
  plan.effects.racks.set(rack.serial, next);
  // The history row is also the announcement on rack-transitions, relayed once this chunk commits.
  plan.effects.transitions.push({
    transition: decision.transition,
    stationId: event.stationId,
    siteId: next.siteId,
    model: rack.model,
    lineId: next.lineId,
    reworkCount: rack.reworkCount,
    correlationId: correlationIdOf(message),
    event: recordedEvent(message, decoded),
  });
  recordDispositions(plan, event, next.siteId, decision, occurredAt);
  recordComponentFailures(plan, event, occurredAt);
  recordComponentMoves(plan, event, next.siteId, decision, occurredAt);
  for (const measurement of decision.measurements) {
    const { eventId, stage } = event;
    plan.effects.measurements.push({ eventId, rackSerial: rack.serial, stage, occurredAt, measurement });
  }
}

/** Installs and removals, also applied to the chunk's components so that later messages see them. */
function recordComponentMoves(
  plan: Plan,
  event: StationEventDto,
  siteId: string,
  decision: AcceptedRackDecision,
  at: Date,
): void {
  const returns = supplierReturnsFor(
    decision.removed,
    (serial) => plan.pendingReplacements.get(serial) ?? [],
  );
  for (const opening of returns)
    plan.effects.supplierReturns.push({ opening, siteId, removalEventId: event.eventId, openedAt: at });
  for (const component of decision.removed) {
    // Installed earlier in this chunk: its row does not exist yet, so the stay is written closed instead.
    const installedInChunk = plan.installsOpenInChunk.get(component.serial);
    if (installedInChunk?.component.rackSerial === component.rackSerial) {
      installedInChunk.removed = { eventId: event.eventId, at };
      plan.installsOpenInChunk.delete(component.serial);
    } else {
      plan.effects.removals.push({ component, eventId: event.eventId, at });
    }
    // Out of the rack, its pending replacements are settled: reinstalled elsewhere, it starts clean.
    plan.pendingReplacements.delete(component.serial);
  }
  for (const component of decision.installed) {
    const install: ComponentMovement = { component, eventId: event.eventId, at };
    plan.effects.installs.push(install);
    plan.installsOpenInChunk.set(component.serial, install);
  }
  if (decision.installed.length > 0 || decision.removed.length > 0) {
    plan.components.apply({ installed: decision.installed, removed: decision.removed });
  }
}

/**
 * Each failure code's disposition, with the part as installed; also remembered for the chunk's later events (a
 * repeat escalates, a removal of a part condemned to replacement opens a return).
 */
function recordDispositions(
  plan: Plan,
  event: StationEventDto,
  siteId: string,
  decision: AcceptedRackDecision,
  occurredAt: Date,
): void {
  if (decision.dispositions.length === 0) return;
  const { eventId, stage, stationId } = event;
  const rackSerial = decision.rack.serial;
  decision.dispositions.forEach((disposition, failureIndex) => {
    const serial = disposition.componentSerial;
    const component = serial === null ? null : (plan.components.find(serial) ?? null);
    plan.effects.dispositions.push({
      eventId,
      failureIndex,
      rackSerial,
      siteId,
      stage,
      stationId,
      occurredAt,
      disposition,
      component,
    });
    if (disposition.action === 'replace_part' && serial !== null) {
      const pending = {
        failureEventId: eventId,
        componentSerial: serial,
        rackSerial,
        code: disposition.code,
        occurredAt,
      };
      plan.pendingReplacements.set(serial, [...(plan.pendingReplacements.get(serial) ?? []), pending]);
    }
  });
  plan.failureHistory.record(decision.dispositions, occurredAt);
}

// The machine accepts a failure only when every part it names is installed in this rack, so find() hits. A
// part named by failedComponents and by a failure code failed once.
function recordComponentFailures(plan: Plan, event: StationEventDto, occurredAt: Date): void {
  const named = [
    ...(event.failedComponents ?? []),
    ...(event.failures ?? []).flatMap((failure) =>
      failure.componentSerial === undefined ? [] : [failure.componentSerial],
    ),
  ];
  for (const serial of new Set(named)) {
    const component = plan.components.find(serial);
    if (component) {
      const { eventId, stage, stationId } = event;
      plan.effects.componentFailures.push({ eventId, stage, stationId, occurredAt, component });
    }
  }
}
