import { describe, expect, it } from '@jest/globals';
import {
  acknowledgementRefusal,
  escalatesAt,
  isUnacknowledgedPastEscalation,
} from './alert-acknowledgement.js';

const FIRED = new Date('2026-11-25T08:00:00Z');
const firing = { status: 'firing', firedAt: FIRED, acknowledgedAt: null, unacknowledgedNotifiedAt: null };

describe('escalatesAt', () => {
  it.each([
    { name: 'firing, unacknowledged', alert: firing, expected: '2026-11-25T08:15:00.000Z' },
    {
      name: 'acknowledged',
      alert: { ...firing, acknowledgedAt: new Date('2026-11-25T08:05:00Z') },
      expected: null,
    },
    { name: 'resolved', alert: { ...firing, status: 'resolved' }, expected: null },
    { name: 'pending', alert: { ...firing, status: 'pending', firedAt: null }, expected: null },
  ])('$name → $expected', ({ alert, expected }) => {
    expect(escalatesAt(alert, 15)?.toISOString() ?? null).toBe(expected);
  });
});

describe('isUnacknowledgedPastEscalation', () => {
  it.each([
    { minute: 14.99, alert: firing, due: false },
    { minute: 15, alert: firing, due: true },
    { minute: 60, alert: firing, due: true },
    // Told once: never again for the same alert.
    {
      minute: 60,
      alert: { ...firing, unacknowledgedNotifiedAt: new Date('2026-11-25T08:15:00Z') },
      due: false,
    },
    { minute: 60, alert: { ...firing, acknowledgedAt: new Date('2026-11-25T08:20:00Z') }, due: false },
    { minute: 60, alert: { ...firing, status: 'resolved' }, due: false },
  ])('at minute $minute → $due', ({ minute, alert, due }) => {
    expect(isUnacknowledgedPastEscalation(alert, 15, new Date(FIRED.getTime() + minute * 60_000))).toBe(due);
  });
});

describe('acknowledgementRefusal', () => {
  it.each([
    { alert: firing, refusal: null },
    { alert: { ...firing, acknowledgedAt: FIRED }, refusal: 'already_acknowledged' },
    { alert: { ...firing, status: 'resolved' }, refusal: 'resolved' },
    { alert: { ...firing, status: 'pending', firedAt: null }, refusal: 'not_firing' },
  ])('$alert.status → $refusal', ({ alert, refusal }) => {
    expect(acknowledgementRefusal(alert)).toBe(refusal);
  });
});
