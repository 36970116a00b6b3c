import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isStationRole, type AcceptedStationEvent, type StationRole } from '#domain';
import { MESSAGE_HEADERS } from '../topics.js';
import { toIsoInstant } from '../iso-instant.js';
import { findUnstorableValues, holdsUnstorableNumber, isStorableText } from '../storable-json.js';
import { StationEventDto } from './station-event.dto.js';
import { acceptWellFormedStationEvent } from './station-event.fast-path.js';
import { STATION_EVENT_LIMITS } from './station-event-limits.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const STATION_EVENT_SCHEMA_VERSION = 1;

/** The station as registered when ingest accepted the event, so the tracker decides without looking it up again. */
export interface StationStamp {
  stationId: string;
  stage: string;
  role: StationRole;
  siteId: string;
  lineId: string;
}

/** Value of a `station-events` message (key = rackSerial). */
export interface StationEventMessage {
  schemaVersion: typeof STATION_EVENT_SCHEMA_VERSION;
  event: StationEventDto;
  station: StationStamp;
  receivedAt: string;
  /**
   * The event's content hash (stationEventContentHash) as the producer computed it for its own duplicate check,
   * so the tracker need not compute it again. Optional: a message without it (another tool, an older ingest) is
   * hashed by the tracker.
   */
  contentHash?: string;
}

// What stationEventContentHash answers: SHA-256 in base64url, 43 characters.
const CONTENT_HASH = /^[A-Za-z0-9_-]{43}$/;

export interface DecodedStationEvent {
  message: StationEventMessage;
  accepted: AcceptedStationEvent;
  /** Hash of the event as posted: tells an identical re-post from a different event reusing the id. */
  contentHash: string;
}

export class MalformedMessageError extends Error {
  constructor(
    readonly detail: string,
    readonly eventId?: string,
    readonly rackSerial?: string,
  ) {
    super(detail);
    this.name = 'MalformedMessageError';
  }
}

/** Flattens class-validator's tree into `path: reason` lines, the form every 400 and rejection uses. */
export function describeValidationErrors(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => `${path}: ${reason}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Whether a message could hold what PostgreSQL cannot store, so that the walk that names every such value runs
 * only then. The text passed strict UTF-8 decoding and JSON.parse, so U+0000 and lone surrogates (in a key or a
 * string) can only come from a `\\u` escape; a number it cannot store is found by a walk over the numbers alone.
 * A scan of the text for long exponents used to stand in for that walk: it cost twice JSON.parse itself, and
 * a quarter of the line's messages matched it anyway (`ae200` in an event id).
 */
function mayHoldUnstorable(text: string, parsed: unknown): boolean {
  return text.includes('\\u') || holdsUnstorableNumber(parsed);
}

function storableTextOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && isStorableText(value) ? value : undefined;
}

/** Canonical JSON: keys sorted, so the hash does not depend on the order a terminal wrote them in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function stationEventContentHash(event: StationEventDto): string {
  return createHash('sha256').update(canonical(event)).digest('base64url');
}

export function encodeStationEventMessage(message: StationEventMessage, correlationId: string) {
  return {
    key: message.event.rackSerial,
    value: JSON.stringify(message),
    headers: {
      [MESSAGE_HEADERS.correlationId]: correlationId,
      [MESSAGE_HEADERS.schemaVersion]: String(STATION_EVENT_SCHEMA_VERSION),
      [MESSAGE_HEADERS.contentType]: 'application/json',
    },
  };
}

function toDomain(event: StationEventDto): AcceptedStationEvent['event'] {
  return {
    eventId: event.eventId,
    rackSerial: event.rackSerial,
    stationId: event.stationId,
    stage: event.stage,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    operatorId: event.operatorId,
    rackModel: event.rackModel,
    components: event.components,
    failedComponents: event.failedComponents,
    failures: event.failures?.map(({ code, componentSerial, message }) => ({
      code,
      ...(componentSerial === undefined ? {} : { componentSerial }),
      ...(message === undefined ? {} : { message }),
    })),
    measurements: event.measurements,
    location:
      event.location === undefined
        ? undefined
        : { cell: event.location.cell, position: event.location.position },
    reason: event.reason,
    reasonCode: event.reasonCode,
  };
}

/** The full validator: slower, but it names every rule the event breaks (ingest's 400 and the CFX bridge use it). */
export function validateStationEvent(value: unknown, eventId?: string, rackSerial?: string): StationEventDto {
  const event = plainToInstance(StationEventDto, value);
  const errors = validateSync(event ?? {}, { whitelist: true, forbidNonWhitelisted: true });
  if (!value || errors.length > 0) {
    throw new MalformedMessageError(
      describeValidationErrors(errors).join('; ') || 'event is missing',
      eventId,
      rackSerial,
    );
  }
  return event;
}

/**
 * Parses and re-validates a consumed message. The topic is a boundary like any other: a message that does
 * not fit the contract becomes a `malformed` rejection with the reason, never a crash or a silent skip.
 */
export function decodeStationEventMessage(raw: Buffer | null): DecodedStationEvent {
  if (!raw) throw new MalformedMessageError('message has no value');
  if (raw.length > STATION_EVENT_LIMITS.maxMessageBytes)
    throw new MalformedMessageError(
      `value is ${raw.length} bytes, over the ${STATION_EVENT_LIMITS.maxMessageBytes} a station event may be`,
    );
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    // Decoding leniently would turn the bytes into U+FFFD and apply an event nobody sent.
    throw new MalformedMessageError('value is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedMessageError('value is not JSON');
  }
  const candidate = parsed as Partial<StationEventMessage> | null;
  // Named in the rejection only when the rejection can store them.
  const eventId = storableTextOrUndefined(candidate?.event?.eventId);
  const rackSerial = storableTextOrUndefined(candidate?.event?.rackSerial);
  // Whatever PostgreSQL cannot store (U+0000 or a lone surrogate from a "\u0000" or "\ud800" escape, Infinity
  // from 1e400, anywhere in the message) would fail every write of the chunk; refused here, it is one
  // rejection like any other.
  const unstorable = mayHoldUnstorable(text, parsed) ? findUnstorableValues(parsed, 5) : [];
  if (unstorable.length > 0) {
    throw new MalformedMessageError(
      unstorable.map(({ path, reason }) => `${path === '' ? 'value' : path}: ${reason}`).join('; '),
      eventId,
      rackSerial,
    );
  }
  if (candidate?.schemaVersion !== STATION_EVENT_SCHEMA_VERSION) {
    throw new MalformedMessageError(
      `unsupported schemaVersion ${String(candidate?.schemaVersion)}`,
      eventId,
      rackSerial,
    );
  }
  const station = candidate.station;
  if (
    !station ||
    typeof station.stationId !== 'string' ||
    typeof station.stage !== 'string' ||
    !isStationRole(station.role) ||
    typeof station.siteId !== 'string' ||
    typeof station.lineId !== 'string'
  ) {
    throw new MalformedMessageError('station stamp is missing or incomplete', eventId, rackSerial);
  }
  const receivedAt = new Date(String(candidate.receivedAt));
  if (Number.isNaN(receivedAt.getTime()))
    throw new MalformedMessageError('receivedAt is not a date', eventId, rackSerial);
  const event =
    acceptWellFormedStationEvent(candidate.event) ??
    validateStationEvent(candidate.event, eventId, rackSerial);
  const message: StationEventMessage = {
    schemaVersion: STATION_EVENT_SCHEMA_VERSION,
    event,
    station,
    receivedAt: toIsoInstant(receivedAt),
  };
  return {
    message,
    accepted: {
      event: toDomain(event),
      station: { stationId: station.stationId, stage: station.stage, role: station.role },
      receivedAt,
    },
    // Hashing the canonical form is a twentieth of the tracker's CPU per event; ingest has done it already.
    contentHash:
      typeof candidate.contentHash === 'string' && CONTENT_HASH.test(candidate.contentHash)
        ? candidate.contentHash
        : stationEventContentHash(event),
  };
}
