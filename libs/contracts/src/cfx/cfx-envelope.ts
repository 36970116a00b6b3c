import { createHash } from 'node:crypto';
import { isStorableText } from '../storable-json.js';

/**
 * An IPC-CFX (IPC-2591) 2.x message as it travels over AMQP 1.0: a JSON envelope around the message body.
 * Field names are CFX's; the body keeps them too (PascalCase), read through `cfxField`.
 */
export interface CfxEnvelope {
  readonly messageName: string;
  readonly version: string | null;
  readonly timeStamp: string;
  readonly uniqueId: string;
  readonly source: string;
  readonly target: string | null;
  readonly requestId: string | null;
  readonly body: CfxObject;
}

export type CfxObject = { readonly [key: string]: unknown };

/** What could be read of a message that is not a CFX envelope, for the record of it. */
export interface CfxEnvelopeRefusal {
  readonly reason: string;
  readonly messageName: string | null;
  readonly uniqueId: string | null;
  readonly source: string | null;
}

export type CfxEnvelopeParse =
  { readonly ok: true; readonly envelope: CfxEnvelope } | ({ readonly ok: false } & CfxEnvelopeRefusal);

/** Far above any CFX message a station sends (a panel's test report is tens of KiB). */
export const MAX_CFX_MESSAGE_BYTES = 1024 * 1024;
const MAX_HANDLE_LENGTH = 200;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isCfxObject(value: unknown): value is CfxObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A field of a CFX object by any of its spellings, case-insensitively: the SDK writes `TransactionID` in
 * WorkStarted and `TransactionId` in most other messages, and equipment from other stacks varies the case.
 */
export function cfxField(object: unknown, ...names: string[]): unknown {
  if (!isCfxObject(object)) return undefined;
  for (const name of names) if (Object.hasOwn(object, name)) return object[name];
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  for (const [key, value] of Object.entries(object)) if (wanted.has(key.toLowerCase())) return value;
  return undefined;
}

/** Text of a field, trimmed; undefined when absent, empty or not text. */
export function cfxText(object: unknown, ...names: string[]): string | undefined {
  const value = cfxField(object, ...names);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function cfxList(object: unknown, ...names: string[]): unknown[] {
  const value = cfxField(object, ...names);
  return Array.isArray(value) ? value : [];
}

/**
 * Newtonsoft's `$type` hints ("CFX.Structures.NumericMeasurement, CFX") name the .NET class of a polymorphic
 * value. The mapping reads shapes, not class names, so the hints are dropped wherever they appear.
 */
function withoutTypeHints(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypeHints);
  if (!isCfxObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (key !== '$type') copy[key] = withoutTypeHints(inner);
  return copy;
}

function storableOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_HANDLE_LENGTH && isStorableText(value)
    ? value
    : null;
}

/** Parses the bytes of one AMQP message body. Never throws: whatever is wrong comes back as a refusal. */
export function parseCfxEnvelope(raw: Uint8Array): CfxEnvelopeParse {
  const refuse = (reason: string, parsed?: unknown): CfxEnvelopeParse => ({
    ok: false,
    reason,
    messageName: storableOrNull(cfxField(parsed, 'MessageName')),
    uniqueId: storableOrNull(cfxField(parsed, 'UniqueID')),
    source: storableOrNull(cfxField(parsed, 'Source')),
  });
  if (raw.length === 0) return refuse('the message body is empty');
  if (raw.length > MAX_CFX_MESSAGE_BYTES)
    return refuse(
      `the message is ${raw.length} bytes, over the ${MAX_CFX_MESSAGE_BYTES} a CFX message may be`,
    );
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    return refuse('the message body is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = withoutTypeHints(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch {
    return refuse('the message body is not JSON');
  }
  if (!isCfxObject(parsed)) return refuse('the message body is not a JSON object (a CFX envelope)');
  const missing: string[] = [];
  const handle = (name: string): string | undefined => {
    const value = cfxText(parsed, name);
    if (value === undefined || value.length > MAX_HANDLE_LENGTH || !isStorableText(value)) {
      missing.push(name);
      return undefined;
    }
    return value;
  };
  const messageName = handle('MessageName');
  const uniqueId = handle('UniqueID');
  const source = handle('Source');
  const timeStamp = handle('TimeStamp');
  const body = cfxField(parsed, 'MessageBody');
  if (!isCfxObject(body)) missing.push('MessageBody');
  if (missing.length > 0 || messageName === undefined || uniqueId === undefined || source === undefined)
    return refuse(
      `the envelope lacks ${missing.join(', ')} (each must be text of 1-${MAX_HANDLE_LENGTH} storable characters; MessageBody an object)`,
      parsed,
    );
  return {
    ok: true,
    envelope: {
      messageName,
      version: storableOrNull(cfxText(parsed, 'Version')),
      timeStamp: timeStamp!,
      uniqueId,
      source,
      target: storableOrNull(cfxText(parsed, 'Target')),
      requestId: storableOrNull(cfxText(parsed, 'RequestID')),
      body: body as CfxObject,
    },
  };
}

// Fixed namespace of the project's CFX event ids (RFC 9562 §5.5); never change it, or every redelivery
// after the change would become a second event.
const CFX_EVENT_NAMESPACE = Buffer.from('8c5b2f4e3a1d4f6b9e0a7c2d1b3f5a60', 'hex');

/** RFC 9562 UUIDv5 (SHA-1, name-based) of `name` in the project's CFX namespace: the same name, the same id. */
export function cfxEventId(name: string): string {
  const hash = createHash('sha1').update(CFX_EVENT_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
