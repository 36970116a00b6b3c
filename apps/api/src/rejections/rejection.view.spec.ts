import { describe, expect, it } from '@jest/globals';
import { refusedEventOf, toRejectionView } from './rejection.view.js';

describe('refusedEventOf', () => {
  it('unwraps the event from a station-events envelope', () => {
    const event = { eventId: 'e-1', type: 'passed' };
    expect(refusedEventOf({ schemaVersion: 1, event, station: { stationId: 'QA-01' } })).toBe(event);
  });

  it.each([
    ['text', 'not json at all'],
    ['null', null],
    ['an array', [1, 2]],
    ['an envelope whose event is not an object', { event: 'oops' }],
    ['an object without event', { foo: 1 }],
  ])('shows %s whole', (_case, payload) => {
    expect(refusedEventOf(payload)).toEqual(payload);
  });
});

describe('toRejectionView', () => {
  it('keeps bigint ids as strings and dates as ISO text', () => {
    const stored = {
      id: '9007199254740993',
      eventId: null,
      rackSerial: null,
      stationId: 'QA-01',
      reason: 'malformed',
      detail: 'value is not JSON',
      payload: '{oops',
      raw: null,
      recordedAt: new Date('2026-11-24T10:00:00.000Z'),
    };
    // Everything but the payload, the raw bytes and the time is shown as stored.
    const { payload: _payload, raw: _raw, recordedAt: _recordedAt, ...unchanged } = stored;
    expect(toRejectionView(stored)).toEqual({
      ...unchanged,
      recordedAt: '2026-11-24T10:00:00.000Z',
      event: '{oops',
      rawBase64: null,
    });
  });

  it('gives the exact bytes of a message that could not be stored as JSON', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const sut = toRejectionView({
      id: '1',
      eventId: null,
      rackSerial: 'RK-1',
      stationId: null,
      reason: 'unstorable',
      detail: 'PostgreSQL refused it',
      payload: null,
      raw: bytes,
      recordedAt: new Date('2026-11-24T10:00:00.000Z'),
    });
    expect(sut.event).toBeNull();
    expect(Buffer.from(sut.rawBase64!, 'base64')).toEqual(bytes);
  });
});
