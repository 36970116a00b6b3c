import { describe, expect, it } from '@jest/globals';
import { InMemoryComponentLocator, RackStateMachine } from '#domain';
import type { DeadLetterMessage } from '#contracts';
import type { ConsumedMessage } from '#messaging';
import { NO_DISPOSITION_INPUTS, planBatch } from './station-event-batch-plan.js';
import { decodeAll, storableText, unstorableRefusal } from './station-event-refusal.js';

const EVENT_ID = '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10';

function consumed(value: Buffer | string | null, key = 'RK-1'): ConsumedMessage {
  return {
    topic: 'station-events',
    partition: 7,
    offset: '41',
    key,
    value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
    headers: { 'x-correlation-id': 'corr-\u0000-\ud800' },
    timestamp: '0',
  };
}

// schemaVersion 9 makes the decoder refuse it as malformed whatever else it holds.
function envelope(details: string, schemaVersion = 9): string {
  return (
    `{"schemaVersion":${schemaVersion},"event":{"eventId":"${EVENT_ID}","rackSerial":"RK-1","stationId":"ASSY-01","stage":"assembly",` +
    `"type":"started","occurredAt":"2026-11-24T14:00:00.000Z","details":{"note":"${details}"}},` +
    `"station":{"stationId":"ASSY-01","stage":"assembly","role":"station","siteId":"site-1","lineId":"line-1"},` +
    `"receivedAt":"2026-11-24T14:00:00.010Z"}`
  );
}

/** Plans one consumed message with nothing known yet: what a refused message becomes. */
function planOne(message: ConsumedMessage, topicPrefix = 'p.') {
  return planBatch(new RackStateMachine({ maxClockSkewMs: 120_000 }), {
    messages: [message],
    decoded: decodeAll([message]),
    knownHashes: new Map(),
    racks: new Map(),
    routes: new Map(),
    components: new InMemoryComponentLocator(),
    burnIn: { cells: [], occupants: new Map() },
    dispositions: NO_DISPOSITION_INPUTS,
    topicPrefix,
  });
}

/** What the rejection keeps of a message refused before the state machine (malformed, or not decodable). */
function refusalOf(message: ConsumedMessage) {
  const effects = planOne(message);
  return { rejection: effects.rejections[0]!, deadLetter: effects.outbox[0]!.payload as DeadLetterMessage };
}

// What jsonb would be handed: the same JSON.stringify the repositories use.
const asJsonb = (value: unknown) => JSON.stringify(value);
const UNSTORABLE = /\\u(?:d[89a-f][0-9a-f]{2}|0000)/i;

describe('a refused message is always recorded, exactly and storably', () => {
  it.each([
    ['a lone surrogate escape', Buffer.from(envelope('\\ud800'))],
    ['a U+0000 escape', Buffer.from(envelope('\\u0000'))],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(envelope('x').slice(0, 40)), Buffer.from([0xff, 0xfe, 0x80])]),
    ],
    ['a raw NUL byte in text that is not JSON', Buffer.from([0x61, 0x00, 0x62])],
    ['text over 64 KiB that is not JSON', Buffer.from('x'.repeat(300 * 1024))],
  ])('%s: kept as bytes, nothing unstorable handed to jsonb', (_case, bytes) => {
    const { rejection, deadLetter } = refusalOf(consumed(bytes));
    expect(rejection.reason).toBe('malformed');
    expect(rejection.payload).toBeNull();
    expect(rejection.raw).toEqual(bytes);
    expect(asJsonb(rejection)).not.toMatch(UNSTORABLE);
    expect(asJsonb(deadLetter)).not.toMatch(UNSTORABLE);
    expect(Buffer.from(deadLetter.originalBase64!, 'base64')).toEqual(bytes.subarray(0, 256 * 1024));
  });

  it('keeps a malformed message that jsonb can hold as JSON, without bytes', () => {
    const { rejection, deadLetter } = refusalOf(consumed('{"schemaVersion":9}'));
    expect(rejection.payload).toEqual({ schemaVersion: 9 });
    expect(rejection.raw).toBeNull();
    expect(deadLetter.original).toEqual({ schemaVersion: 9 });
    expect(deadLetter.originalBase64).toBeUndefined();
  });

  it('keeps short text that is not JSON as text', () => {
    expect(refusalOf(consumed('{not json')).rejection.payload).toBe('{not json');
  });

  it('makes the key and correlation header storable, since they go through jsonb and text columns too', () => {
    const { rejection } = refusalOf(consumed('{not json', 'RK-\u0000\ud800'));
    const effects = planOne(consumed('{not json', 'RK-\u0000\ud800'), '');
    expect(rejection.rackSerial).toBe('RK-\uFFFD\uFFFD');
    expect(asJsonb(effects.outbox[0])).not.toMatch(UNSTORABLE);
  });
});

describe('unstorableRefusal', () => {
  it('names the event, keeps the bytes and says what PostgreSQL refused', () => {
    const bytes = Buffer.from(envelope('ok', 1));
    const { rejection, deadLetter } = unstorableRefusal(
      consumed(bytes),
      '23514 (poison_check) new row violates check constraint',
      'p.',
    );
    expect(rejection).toMatchObject({
      reason: 'unstorable',
      eventId: EVENT_ID,
      rackSerial: 'RK-1',
      stationId: 'ASSY-01',
      payload: { schemaVersion: 1 },
      kafkaPartition: 7,
      kafkaOffset: '41',
    });
    expect(rejection.detail).toContain('23514 (poison_check)');
    expect(deadLetter.topic).toBe('p.station-events.dlq');
    expect((deadLetter.payload as DeadLetterMessage).reason).toBe('unstorable');
  });
});

describe('storableText', () => {
  it.each([
    ['plain', 'RK-1', 'RK-1'],
    ['an emoji (a well-formed pair) stays', 'rack 🚀', 'rack 🚀'],
    ['a lone high surrogate', 'a\ud800b', 'a\uFFFDb'],
    ['a lone low surrogate', 'a\udc00b', 'a\uFFFDb'],
    ['U+0000', 'a\u0000b', 'a\uFFFDb'],
  ])('%s', (_case, input, expected) => {
    expect(storableText(input)).toBe(expected);
  });

  it('is bounded', () => {
    expect(storableText('x'.repeat(5000), 100)).toHaveLength(100);
  });
});
