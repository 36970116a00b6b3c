import {
  ComponentLocatorOverlay,
  DEFAULT_RACK_MODEL,
  DEFAULT_ROUTE,
  InMemoryComponentLocator,
  type RackRoute,
  type RackStateMachine,
} from '#domain';
import {
  TOPICS,
  decodeStationEventMessage,
  MalformedMessageError,
  MESSAGE_HEADERS,
  RACK_TRANSITION_SCHEMA_VERSION,
  type DeadLetterMessage,
  type DecodedStationEvent,
  type RackTransitionMessage,
} from '#contracts';
import type { ConsumedMessage } from '#messaging';
import type {
  ComponentFailureRecord,
  ComponentMovement,
  OutboxRecord,
  RackTransitionRecord,
  RejectionRecord,
  StationEventRecord,
  StoredRack,
  TestMeasurementRecord,
} from '#persistence';

/** Everything one chunk of consumed messages writes, computed in memory before the transaction writes it. */
export interface BatchEffects {
  stationEvents: StationEventRecord[];
  racks: Map<string, StoredRack>;
  transitions: RackTransitionRecord[];
  rejections: RejectionRecord[];
  outbox: OutboxRecord[];
  installs: ComponentMovement[];
  removals: ComponentMovement[];
  measurements: TestMeasurementRecord[];
  componentFailures: ComponentFailureRecord[];
  accepted: number;
  duplicates: number;
}

export interface BatchInputs {
  messages: readonly ConsumedMessage[];
  decoded: readonly (DecodedStationEvent | MalformedMessageError)[];
  knownHashes: ReadonlyMap<string, string>;
  racks: ReadonlyMap<string, StoredRack>;
  routes: ReadonlyMap<string, RackRoute>;
  components: InMemoryComponentLocator;
  topicPrefix: string;
}

export function decodeAll(
  messages: readonly ConsumedMessage[],
): (DecodedStationEvent | MalformedMessageError)[] {
  return messages.map((message) => {
    try {
      return decodeStationEventMessage(message.value);
    } catch (error) {
      if (error instanceof MalformedMessageError) return error;
      return new MalformedMessageError(String(error));
    }
  });
}

function originalValue(message: ConsumedMessage): unknown {
  const raw = message.value?.toString('utf8') ?? null;
  if (raw === null) return null;
  // Kept storable: PostgreSQL refuses U+0000 in jsonb, and a refused message must still be recorded.
  const text = raw.replaceAll('\\u0000', '\uFFFD').replaceAll(String.fromCharCode(0), '\uFFFD');
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 8192);
  }
}

/**
 * Runs the state machine over one chunk in Kafka order and collects its effects. Pure apart from its
 * inputs: the use case loads them, calls this, and writes the result in one transaction.
 */
export function planBatch(machine: RackStateMachine, inputs: BatchInputs): BatchEffects {
  const effects: BatchEffects = {
    stationEvents: [],
    racks: new Map(),
    transitions: [],
    rejections: [],
    outbox: [],
    installs: [],
    removals: [],
    measurements: [],
    componentFailures: [],
    accepted: 0,
    duplicates: 0,
  };
  const racks = new Map(inputs.racks);
  const seen = new Map(inputs.knownHashes);
  const components = new ComponentLocatorOverlay(inputs.components);
  const context = {
    routeFor: (model: string) =>
      inputs.routes.get(model) ??
      (model === DEFAULT_RACK_MODEL ? DEFAULT_ROUTE : undefined) ??
      unknownModelRoute(model),
    components,
  };
  const transitionsTopic = `${inputs.topicPrefix}${TOPICS.rackTransitions.name}`;
  const deadLetterTopic = `${inputs.topicPrefix}${TOPICS.stationEventsDeadLetter.name}`;

  const reject = (
    message: ConsumedMessage,
    reason: string,
    detail: string,
    eventId: string | null,
    rackSerial: string | null,
    stationId: string | null,
  ) => {
    effects.rejections.push({
      eventId,
      rackSerial,
      stationId,
      reason,
      detail,
      payload: originalValue(message),
      kafkaPartition: message.partition,
      kafkaOffset: message.offset,
    });
    const deadLetter: DeadLetterMessage = {
      schemaVersion: 1,
      reason,
      detail,
      eventId,
      rackSerial,
      source: { topic: message.topic, partition: message.partition, offset: message.offset },
      original: originalValue(message),
    };
    effects.outbox.push({
      topic: deadLetterTopic,
      key: rackSerial ?? message.key ?? '',
      payload: deadLetter,
      headers: passHeaders(message),
    });
  };

  inputs.messages.forEach((message, index) => {
    const decoded = inputs.decoded[index];
    if (decoded instanceof MalformedMessageError) {
      reject(
        message,
        'malformed',
        decoded.detail,
        decoded.eventId ?? null,
        decoded.rackSerial ?? message.key,
        null,
      );
      return;
    }
    const { event, station } = decoded.message;
    const previousHash = seen.get(event.eventId);
    if (previousHash !== undefined) {
      if (previousHash === decoded.contentHash) {
        effects.duplicates += 1; // the same event again: applied once already, nothing to do
        return;
      }
      reject(
        message,
        'duplicate',
        `eventId ${event.eventId} was already used for a different event`,
        event.eventId,
        event.rackSerial,
        event.stationId,
      );
      return;
    }
    seen.set(event.eventId, decoded.contentHash);

    const stored = racks.get(event.rackSerial);
    const decision = machine.decide(stored?.state, decoded.accepted, context);
    const record: StationEventRecord = {
      eventId: event.eventId,
      rackSerial: event.rackSerial,
      stationId: event.stationId,
      stage: event.stage,
      type: event.type,
      occurredAt: decoded.accepted.event.occurredAt,
      receivedAt: decoded.accepted.receivedAt,
      operatorId: event.operatorId ?? null,
      payload: event,
      contentHash: decoded.contentHash,
      outcome: decision.outcome,
      kafkaPartition: message.partition,
      kafkaOffset: message.offset,
    };
    effects.stationEvents.push(record);
    if (decision.outcome === 'rejected') {
      reject(message, decision.reason, decision.detail, event.eventId, event.rackSerial, event.stationId);
      return;
    }

    effects.accepted += 1;
    const rack = decision.rack;
    const occurredAt = decoded.accepted.event.occurredAt;
    const next: StoredRack = {
      state: rack,
      siteId: stored?.siteId ?? station.siteId,
      lineId: stored?.lineId ?? station.lineId,
      startedAt: stored?.startedAt ?? occurredAt,
      completedAt: stored?.completedAt ?? (rack.status === 'shipped' ? occurredAt : null),
    };
    racks.set(rack.serial, next);
    effects.racks.set(rack.serial, next);
    effects.transitions.push({
      transition: decision.transition,
      stationId: event.stationId,
      siteId: next.siteId,
    });
    for (const component of decision.removed)
      effects.removals.push({ component, eventId: event.eventId, at: occurredAt });
    for (const component of decision.installed)
      effects.installs.push({ component, eventId: event.eventId, at: occurredAt });
    if (decision.installed.length > 0 || decision.removed.length > 0) {
      components.apply({ installed: decision.installed, removed: decision.removed });
    }
    // The machine accepts a failure only when every part it names is installed in this rack, so find() hits.
    for (const serial of new Set(event.failedComponents ?? [])) {
      const component = components.find(serial);
      if (component)
        effects.componentFailures.push({
          eventId: event.eventId,
          stage: event.stage,
          stationId: event.stationId,
          occurredAt,
          component,
        });
    }
    for (const measurement of decision.measurements) {
      effects.measurements.push({
        eventId: event.eventId,
        rackSerial: rack.serial,
        stage: event.stage,
        occurredAt,
        measurement,
      });
    }
    const announcement: RackTransitionMessage = {
      schemaVersion: RACK_TRANSITION_SCHEMA_VERSION,
      eventId: event.eventId,
      rackSerial: rack.serial,
      model: rack.model,
      siteId: next.siteId,
      lineId: next.lineId,
      stationId: event.stationId,
      eventType: event.type,
      stage: event.stage,
      from: decision.transition.from,
      to: decision.transition.to,
      occurredAt: occurredAt.toISOString(),
      reworkCount: rack.reworkCount,
    };
    effects.outbox.push({
      topic: transitionsTopic,
      key: rack.serial,
      payload: announcement,
      headers: passHeaders(message),
    });
  });
  return effects;
}

function passHeaders(message: ConsumedMessage): Record<string, string> {
  const correlationId = message.headers[MESSAGE_HEADERS.correlationId];
  return correlationId ? { [MESSAGE_HEADERS.correlationId]: correlationId } : {};
}

/** A model nobody defined a route for: the rack cannot start, and the rejection says why. */
function unknownModelRoute(model: string): RackRoute {
  return { model, stages: [], requiredSlots: {} };
}
