import { describe, expect, it } from '@jest/globals';
import { handoverShift, planGap, shiftStanding } from './plan-gap.js';

describe('planGap', () => {
  it.each([
    // target, expected by now, actual, hours left → gap, racks needed, per hour
    { target: 1000, expectedByNow: 500, actual: 420, hoursLeft: 80, gap: 80, racks: 580, perHour: 7.25 },
    { target: 1000, expectedByNow: 500, actual: 560, hoursLeft: 80, gap: 0, racks: 440, perHour: 5.5 },
    { target: 1000, expectedByNow: 1000, actual: 1010, hoursLeft: 0, gap: 0, racks: 0, perHour: null },
    { target: 1000, expectedByNow: 1000, actual: 990, hoursLeft: 0, gap: 10, racks: 10, perHour: null },
    { target: 1000, expectedByNow: 0, actual: 0, hoursLeft: 120, gap: 0, racks: 1000, perHour: 1000 / 120 },
    // A pro-rated target is fractional: a part rack still has to be built whole.
    {
      target: 866.6667,
      expectedByNow: 433.4,
      actual: 430,
      hoursLeft: 40,
      gap: 3,
      racks: 437,
      perHour: 10.925,
    },
    // Reached to within float noise is reached.
    { target: 1000.0000001, expectedByNow: 900, actual: 1000, hoursLeft: 10, gap: 0, racks: 0, perHour: 0 },
  ])(
    'target $target, expected $expectedByNow, actual $actual, $hoursLeft h left → gap $gap, needs $racks at $perHour/h',
    ({ target, expectedByNow, actual, hoursLeft, gap, racks, perHour }) => {
      const sut = planGap({ target, expectedByNow, actual, productionHoursLeft: hoursLeft });
      expect(sut.gap).toBe(gap);
      expect(sut.needed.racks).toBe(racks);
      expect(sut.needed.productionHoursLeft).toBe(hoursLeft);
      if (perHour === null) expect(sut.needed.perHour).toBeNull();
      else expect(sut.needed.perHour).toBeCloseTo(perHour, 9);
    },
  );
});

const at = (iso: string) => new Date(iso);
const SHIFTS = [
  { label: 'night', start: at('2026-11-24T22:00:00Z'), end: at('2026-11-25T06:00:00Z'), expectedByNow: 80 },
  { label: 'early', start: at('2026-11-25T06:00:00Z'), end: at('2026-11-25T14:00:00Z'), expectedByNow: 32.5 },
  { label: 'late', start: at('2026-11-25T14:00:00Z'), end: at('2026-11-25T22:00:00Z'), expectedByNow: 0 },
];

describe('shiftStanding', () => {
  it.each([
    { now: '2026-11-25T05:59:59Z', current: ['night'] },
    { now: '2026-11-25T06:00:00Z', current: ['early'] },
    { now: '2026-11-25T13:00:00Z', current: ['early'] },
    { now: '2026-11-25T22:00:00Z', current: [] },
  ])('at $now the current shift is $current (start inclusive, end exclusive)', ({ now, current }) => {
    const running = SHIFTS.filter((shift) => shiftStanding(shift, at(now)).current).map(
      (shift) => shift.label,
    );
    expect(running).toEqual(current);
  });

  it('says what was due of each shift by now in whole racks', () => {
    expect(SHIFTS.map((shift) => shiftStanding(shift, at('2026-11-25T09:15:00Z')).due)).toEqual([80, 33, 0]);
  });
});

describe('handoverShift', () => {
  it.each([
    { now: '2026-11-25T09:00:00Z', which: 'current', expected: 'early' },
    { now: '2026-11-25T09:00:00Z', which: 'previous', expected: 'night' },
    // Between shifts (after the late one ended), the late one is still the one handed over.
    { now: '2026-11-25T23:00:00Z', which: 'current', expected: 'late' },
    { now: '2026-11-25T23:00:00Z', which: 'previous', expected: 'early' },
    { now: '2026-11-24T23:00:00Z', which: 'previous', expected: null },
    { now: '2026-11-24T21:00:00Z', which: 'current', expected: null },
  ] as const)('$which at $now is $expected', ({ now, which, expected }) => {
    expect(handoverShift(SHIFTS, at(now), which)?.label ?? null).toBe(expected);
  });

  it('does not depend on the order the shifts come in', () => {
    expect(handoverShift([...SHIFTS].reverse(), at('2026-11-25T09:00:00Z'), 'previous')?.label).toBe('night');
  });
});
