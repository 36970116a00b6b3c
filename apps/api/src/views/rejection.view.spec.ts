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
    const sut = toRejectionView({
      id: '9007199254740993',
      eventId: null,
      rackSerial: null,
      stationId: 'QA-01',
      reason: 'malformed',
      detail: 'value is not JSON',
      payload: '{oops',
      recordedAt: new Date('2026-11-24T10:00:00.000Z'),
    });
    expect(sut).toEqual({
      id: '9007199254740993',
      eventId: null,
      rackSerial: null,
      stationId: 'QA-01',
      reason: 'malformed',
      detail: 'value is not JSON',
      recordedAt: '2026-11-24T10:00:00.000Z',
      event: '{oops',
    });
  });
});
