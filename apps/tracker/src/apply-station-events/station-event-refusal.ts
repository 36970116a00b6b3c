import {
  TOPICS,
  decodeStationEventMessage,
  findUnstorableValues,
  MalformedMessageError,
  MESSAGE_HEADERS,
  type DeadLetterMessage,
  type DecodedStationEvent,
} from '#contracts';
import type { ConsumedMessage } from '#messaging';
import type { OutboxRecord, RejectionRecord } from '#persistence';

/**
 * What the tracker keeps of a message it refuses: a rejection row and a dead letter, both storable whatever
 * the message held (bytes that are not UTF-8, values jsonb cannot hold, headers with U+0000).
 */

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

export interface RefusedMessage {
  reason: string;
  detail: string;
  eventId: string | null;
  rackSerial: string | null;
  stationId: string | null;
}

/** The rejection row and the dead letter for one refused message, both storable whatever the message held. */
export function refusalOf(
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

export function passHeaders(message: ConsumedMessage): Record<string, string> {
  const correlationId = correlationIdOf(message);
  return correlationId ? { [MESSAGE_HEADERS.correlationId]: correlationId } : {};
}

/** The consumed message's correlation id, as text PostgreSQL can store; null when it has none. */
export function correlationIdOf(message: ConsumedMessage): string | null {
  const correlationId = message.headers[MESSAGE_HEADERS.correlationId];
  // Headers are free text from whoever produced the message; they are stored (outbox, transition row).
  return correlationId ? storableText(correlationId, 128) : null;
}
