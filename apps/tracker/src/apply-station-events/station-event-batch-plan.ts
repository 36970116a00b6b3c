import {
  ComponentLocatorOverlay,
  InMemoryComponentLocator,
  type RackRoute,
  routeOfModel,
  type RackStateMachine,
} from '#domain';
import {
  TOPICS,
  decodeStationEventMessage,
  findUnstorableValues,
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

/** The consumed value as the rejection and the dead letter keep it: JSON when jsonb can hold it exactly, else bytes. */
interface KeptOriginal {
  payload: unknown;
  raw: Buffer | null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// The dead letter must itself fit in a Kafka message (1 MiB by default): past this, it carries the start.
const MAX_DEAD_LETTER_ORIGINAL_BYTES = 256 * 1024;

// Text that is not JSON is kept as a JSON string up to this size, readable in the rejection as it arrived.
const MAX_TEXT_PAYLOAD_CHARS = 64 * 1024;

function keptOriginal(message: ConsumedMessage): KeptOriginal {
  if (!message.value) return { payload: null, raw: null };
  // Too large to be a station event: bytes, whose dead letter carries only the start (and still fits Kafka).
  if (message.value.length > MAX_DEAD_LETTER_ORIGINAL_BYTES) return { payload: null, raw: message.value };
  let text: string;
  try {
    text = strictUtf8.decode(message.value);
  } catch {
    return { payload: null, raw: message.value }; // not UTF-8: only the bytes say exactly what arrived
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const storable = text.length <= MAX_TEXT_PAYLOAD_CHARS && !text.includes(String.fromCharCode(0));
    return storable ? { payload: text, raw: null } : { payload: null, raw: message.value };
  }
  // A lone surrogate or U+0000 (parsed from their escapes), or 1e400 (parsed as Infinity): jsonb cannot hold it.
  return findUnstorableValues(parsed, 1).length > 0
    ? { payload: null, raw: message.value }
    : { payload: parsed, raw: null };
}

/**
 * Text the database can hold, for identifiers and details taken from a refused message: a lone surrogate or
 * U+0000 becomes U+FFFD, and it is cut to `maxLength`. The exact bytes are kept beside it, in `raw`.
 */
export function storableText(text: string, maxLength = 512): string {
  const wellFormed = text.toWellFormed().replaceAll(String.fromCharCode(0), '\uFFFD');
  return wellFormed.length > maxLength ? `${wellFormed.slice(0, maxLength - 1)}…` : wellFormed;
}

function storableOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text, 200);
}

interface RefusedMessage {
  reason: string;
  detail: string;
  eventId: string | null;
  rackSerial: string | null;
  stationId: string | null;
}

/** The rejection row and the dead letter for one refused message, both storable whatever the message held. */
function refusalOf(
  message: ConsumedMessage,
  refused: RefusedMessage,
  deadLetterTopic: string,
): { rejection: RejectionRecord; deadLetter: OutboxRecord } {
  const original = keptOriginal(message);
  const eventId = storableOrNull(refused.eventId);
  const rackSerial = storableOrNull(refused.rackSerial);
  const detail = storableText(refused.detail);
  const deadLetter: DeadLetterMessage = {
    schemaVersion: 1,
    reason: refused.reason,
    detail,
    eventId,
    rackSerial,
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    original: original.payload,
    ...(original.raw
      ? {
          originalBase64: original.raw.subarray(0, MAX_DEAD_LETTER_ORIGINAL_BYTES).toString('base64'),
          originalBytes: original.raw.length,
        }
      : {}),
  };
  return {
    rejection: {
      eventId,
      rackSerial,
      stationId: storableOrNull(refused.stationId),
      reason: refused.reason,
      detail,
      payload: original.payload,
      raw: original.raw,
      kafkaPartition: message.partition,
      kafkaOffset: message.offset,
    },
    deadLetter: {
      topic: deadLetterTopic,
      key: rackSerial ?? storableOrNull(message.key) ?? '',
      payload: deadLetter,
      headers: passHeaders(message),
    },
  };
}

/**
 * What a message the database refused to store becomes: an `unstorable` rejection holding its exact bytes,
 * and a dead letter, so the partition moves on. Names the event when the message can still be read.
 */
export function unstorableRefusal(
  message: ConsumedMessage,
  failure: string,
  topicPrefix: string,
): { rejection: RejectionRecord; deadLetter: OutboxRecord } {
  const [decoded] = decodeAll([message]);
  const event = decoded instanceof MalformedMessageError ? undefined : decoded.message.event;
  return refusalOf(
    message,
    {
      reason: 'unstorable',
      detail: `PostgreSQL could not store this message (${failure}); its bytes are kept exactly as consumed`,
      eventId:
        event?.eventId ?? (decoded instanceof MalformedMessageError ? decoded.eventId : undefined) ?? null,
      rackSerial:
        event?.rackSerial ??
        (decoded instanceof MalformedMessageError ? decoded.rackSerial : undefined) ??
        message.key,
      stationId: event?.stationId ?? null,
    },
    `${topicPrefix}${TOPICS.stationEventsDeadLetter.name}`,
  );
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
    routeFor: (model: string) => routeOfModel(model, inputs.routes.get(model)),
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
    const refusal = refusalOf(message, { reason, detail, eventId, rackSerial, stationId }, deadLetterTopic);
    effects.rejections.push(refusal.rejection);
    effects.outbox.push(refusal.deadLetter);
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
  // Headers are free text from whoever produced the message; they go through jsonb in the outbox.
  return correlationId ? { [MESSAGE_HEADERS.correlationId]: storableText(correlationId, 128) } : {};
}
