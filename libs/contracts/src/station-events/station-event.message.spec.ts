import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findUnstorableValues } from '../storable-json.js';
import {
  decodeStationEventMessage,
  MalformedMessageError,
  stationEventContentHash,
} from './station-event.message.js';

const EVENT_ID = '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10';

/** A message as ingest writes it, with `fields` spliced into the event as raw JSON text. */
function message(fields = '', station = '"siteId":"site-1"'): Buffer {
  return Buffer.from(
    `{"schemaVersion":1,"event":{"eventId":"${EVENT_ID}","rackSerial":"RK-1","stationId":"QA-01","stage":"qa",` +
      `"type":"passed","occurredAt":"2026-11-24T14:00:00.000Z"${fields}},` +
      `"station":{"stationId":"QA-01","stage":"qa","role":"station",${station},"lineId":"line-1"},` +
      `"receivedAt":"2026-11-24T14:00:00.010Z"}`,
    'utf8',
  );
}

function refusal(raw: Buffer): MalformedMessageError {
  try {
    decodeStationEventMessage(raw);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error;
    throw error;
  }
  throw new Error('the message was decoded');
}

describe('decodeStationEventMessage refuses, as malformed, what PostgreSQL cannot store', () => {
  it.each([
    [
      'a lone surrogate in details',
      message(',"details":{"note":"\\ud800"}'),
      'event.details.note: contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
    ],
    [
      'a lone surrogate in a details key',
      message(',"details":{"\\udc00":1}'),
      'event.details.\\uDC00: key contains a lone UTF-16 surrogate (U+DC00), which cannot be stored',
    ],
    [
      'U+0000 in a measurement name',
      message(',"measurements":[{"name":"t\\u0000","value":1,"unit":"C"}]'),
      'event.measurements.0.name: contains U+0000 (NUL), which cannot be stored',
    ],
    [
      'a measurement of 1e400',
      message(',"measurements":[{"name":"t","value":1e400,"unit":"C"}]'),
      'event.measurements.0.value: is beyond the range of a double-precision number (it reads as Infinity), which cannot be stored',
    ],
    [
      'a measurement of 1e+0309, its exponent padded',
      message(',"measurements":[{"name":"t","value":1e+0309,"unit":"C"}]'),
      'event.measurements.0.value: is beyond the range of a double-precision number (it reads as Infinity), which cannot be stored',
    ],
    [
      'a measurement of 250 digits with a two-digit exponent',
      message(`,"measurements":[{"name":"t","value":${'9'.repeat(250)}e99,"unit":"C"}]`),
      'event.measurements.0.value: is beyond the range of a double-precision number (it reads as Infinity), which cannot be stored',
    ],
    [
      'a lone surrogate written in upper-case hex',
      message(',"details":{"note":"x\\uDBFF"}'),
      'event.details.note: contains a lone UTF-16 surrogate (U+DBFF), which cannot be stored',
    ],
    [
      'U+0000 in the station stamp, which no event rule looks at',
      message('', '"siteId":"site\\u0000"'),
      'station.siteId: contains U+0000 (NUL), which cannot be stored',
    ],
  ])('%s', (_, raw, detail) => {
    const error = refusal(raw);
    expect(error.detail).toBe(detail);
    // The rejection names the event, since the event's own id and serial are storable.
    expect(error.eventId).toBe(EVENT_ID);
    expect(error.rackSerial).toBe('RK-1');
  });

  it('does not name an event whose id or serial is itself unstorable', () => {
    const raw = Buffer.from(message().toString('utf8').replace('"RK-1"', '"RK-\\u0000"'), 'utf8');
    const error = refusal(raw);
    expect(error.detail).toBe('event.rackSerial: contains U+0000 (NUL), which cannot be stored');
    expect(error.rackSerial).toBeUndefined();
  });

  it('decodes emoji, and text that merely looks like an escape', () => {
    const decoded = decodeStationEventMessage(
      message(',"details":{"note":"\\ud83d\\ude00","path":"C:\\\\u0000dir"}'),
    );
    expect(decoded.message.event.details).toEqual({ note: '\ud83d\ude00', path: 'C:\\u0000dir' });
  });
});

describe('decodeStationEventMessage looks for unstorable values only where they can be', () => {
  // JSON text as a terminal might send it: strings of any UTF-16 (JSON.stringify escapes NUL and lone
  // surrogates as \\u, the only way they survive strict UTF-8), and number literals of every spelling,
  // including those JSON.parse reads as Infinity or as 0.
  const numberText = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
    fc
      .tuple(
        fc.constantFrom('', '-'),
        fc.stringMatching(/^[1-9][0-9]{0,320}$/),
        fc.constantFrom('', '.5'),
        fc.constantFrom('', 'e', 'E', 'e+', 'E-', 'e-'),
        fc.stringMatching(/^[0-9]{1,5}$/),
      )
      .map(([sign, digits, fraction, exponent, power]) =>
        exponent === '' ? `${sign}${digits}${fraction}` : `${sign}${digits}${fraction}${exponent}${power}`,
      ),
  );
  const stringText = fc.string({ unit: 'binary', maxLength: 8 }).map((text) => JSON.stringify(text));
  const { json } = fc.letrec<{ json: string }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small' },
      numberText,
      stringText,
      fc.constantFrom('true', 'null'),
      fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(stringText, tie('json')), { maxLength: 4 })
        .map((entries) => `{${entries.map(([key, value]) => `${key}:${value}`).join(',')}}`),
    ),
  }));

  it('refuses, naming the path, every message in which the full walk finds something', () => {
    fc.assert(
      fc.property(json, (details) => {
        const raw = message(`,"details":{"value":${details}}`);
        const problems = findUnstorableValues(JSON.parse(raw.toString('utf8')), 5);
        if (problems.length === 0) return;
        const error = refusal(raw);
        expect(error.detail).toBe(problems.map(({ path, reason }) => `${path}: ${reason}`).join('; '));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeStationEventMessage takes the content hash ingest computed', () => {
  const withHash = (hash: unknown) => {
    const value = JSON.parse(message().toString('utf8')) as Record<string, unknown>;
    return Buffer.from(JSON.stringify({ ...value, contentHash: hash }), 'utf8');
  };
  const computed = stationEventContentHash(decodeStationEventMessage(message()).message.event);

  it('keeps a well-formed hash from the message, as the one the duplicate check compares', () => {
    const ingestHash = 'A'.repeat(43);
    expect(decodeStationEventMessage(withHash(ingestHash)).contentHash).toBe(ingestHash);
  });

  it.each([
    ['absent (another tool, an older ingest)', undefined],
    ['not a string', 42],
    ['too short', 'abc'],
    ['not base64url', `${'A'.repeat(42)}=`],
  ])('computes it when it is %s', (_case, hash) => {
    expect(decodeStationEventMessage(withHash(hash)).contentHash).toBe(computed);
    expect(computed).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
