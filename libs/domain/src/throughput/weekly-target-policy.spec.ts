import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_SHIFT_CALENDAR, ShiftCalendar, type ShiftCalendarInput } from './shift-calendar.js';
import { weekdays } from './testing/calendar-fixtures.js';
import { WeeklyTargetPolicy } from './weekly-target-policy.js';

const BERLIN: ShiftCalendarInput = {
  timeZone: 'Europe/Berlin',
  weekStartsOn: 'monday',
  shifts: weekdays([{ start: '06:00', end: '22:00' }]),
  holidays: [],
};
const SINCE_LONG_AGO = new Date('2025-01-01T00:00:00Z');

function expectedAt(calendar: ShiftCalendar, policy: WeeklyTargetPolicy, instant: string): number {
  const now = new Date(instant);
  return policy.expectedBetween(calendar, calendar.weekContaining(now), now);
}

describe('WeeklyTargetPolicy: expected by now', () => {
  it('pro-rates the target over every hour of a default week (mid-week)', () => {
    const calendar = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);
    const policy = new WeeklyTargetPolicy([{ weeklyTarget: 1000, effectiveFrom: SINCE_LONG_AGO }]);
    // Wednesday 12:00: 60 of 168 hours.
    expect(expectedAt(calendar, policy, '2026-11-25T12:00:00Z')).toBeCloseTo((1000 * 60) / 168, 9);
    expect(expectedAt(calendar, policy, '2026-11-23T00:00:00Z')).toBe(0);
    expect(expectedAt(calendar, policy, '2026-11-29T23:59:59.999Z')).toBeCloseTo(1000, 3);
  });

  it('counts production hours, not wall-clock hours, across shift gaps', () => {
    const calendar = ShiftCalendar.of(BERLIN);
    const policy = new WeeklyTargetPolicy([{ weeklyTarget: 1000, effectiveFrom: SINCE_LONG_AGO }]);
    // Wednesday 10:00 Berlin: 16 + 16 + 4 = 36 of 80 hours.
    expect(expectedAt(calendar, policy, '2026-11-25T09:00:00Z')).toBeCloseTo(450, 9);
    // Overnight nothing is expected: 23:00 and 05:00 Berlin give the same figure.
    expect(expectedAt(calendar, policy, '2026-11-25T22:00:00Z')).toBeCloseTo(600, 9);
    expect(expectedAt(calendar, policy, '2026-11-26T04:00:00Z')).toBeCloseTo(600, 9);
    // Saturday: the whole week's target is already due.
    expect(expectedAt(calendar, policy, '2026-11-28T12:00:00Z')).toBeCloseTo(1000, 9);
  });

  it('spreads the target over fewer hours in a holiday week', () => {
    const calendar = ShiftCalendar.of({ ...BERLIN, holidays: ['2026-12-25'] });
    const policy = new WeeklyTargetPolicy([{ weeklyTarget: 1000, effectiveFrom: SINCE_LONG_AGO }]);
    // Wednesday 23 Dec 12:00 Berlin: 16 + 16 + 6 = 38 of 64 hours.
    expect(expectedAt(calendar, policy, '2026-12-23T11:00:00Z')).toBeCloseTo((1000 * 38) / 64, 9);
  });

  it('uses the 169 real hours of the week daylight saving ends', () => {
    const calendar = ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, timeZone: 'America/New_York' });
    const policy = new WeeklyTargetPolicy([{ weeklyTarget: 1000, effectiveFrom: SINCE_LONG_AGO }]);
    // Sunday 1 Nov 12:00 EST: six whole days (144 h) + 13 real hours since midnight (01:00-02:00 twice).
    expect(expectedAt(calendar, policy, '2026-11-01T17:00:00Z')).toBeCloseTo((1000 * 157) / 169, 9);
  });

  it('accrues each hour at the target in force then, when the target changes mid-week', () => {
    const calendar = ShiftCalendar.of(BERLIN);
    const policy = new WeeklyTargetPolicy([
      { weeklyTarget: 1000, effectiveFrom: SINCE_LONG_AGO },
      { weeklyTarget: 1200, effectiveFrom: new Date('2026-11-24T23:00:00Z') }, // Wednesday 00:00 Berlin
    ]);
    const now = new Date('2026-11-26T09:00:00Z'); // Thursday 10:00 Berlin
    const week = calendar.weekContaining(now);
    // Monday and Tuesday (32 h) at 1,000 a week, Wednesday and Thursday morning (20 h) at 1,200.
    expect(policy.expectedBetween(calendar, week, now)).toBeCloseTo((1000 * 32) / 80 + (1200 * 20) / 80, 9);
    // If 1,200 holds for the 28 hours left, the week asks for 700 + 420.
    expect(policy.weekTargetAsOf(calendar, week, now)).toBeCloseTo(1120, 9);
    expect(policy.targetAt(now)).toBe(1200);
    // The week before is untouched by the change.
    const before = new Date('2026-11-20T12:00:00Z');
    expect(policy.weekTargetAsOf(calendar, calendar.weekContaining(before), before)).toBeCloseTo(1000, 9);
  });

  it('reports a week that ran on one target as exactly that target, at any moment and in any calendar', () => {
    // Summing hourly shares used to show 1000.0000000000001 racks on the wall screen.
    fc.assert(
      fc.property(
        fc.constantFrom(DEFAULT_SHIFT_CALENDAR, BERLIN),
        fc.integer({ min: 1, max: 5000 }),
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2026-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (input, weeklyTarget, at) => {
          const calendar = ShiftCalendar.of(input);
          const policy = new WeeklyTargetPolicy([{ weeklyTarget, effectiveFrom: SINCE_LONG_AGO }]);
          expect(policy.weekTargetAsOf(calendar, calendar.weekContaining(at), at)).toBe(weeklyTarget);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes a site’s first target as in force before it was set', () => {
    const policy = new WeeklyTargetPolicy([
      { weeklyTarget: 800, effectiveFrom: new Date('2026-11-25T00:00:00Z') },
    ]);
    expect(policy.targetAt(new Date('2026-11-01T00:00:00Z'))).toBe(800);
    expect(new WeeklyTargetPolicy([]).targetAt(new Date())).toBe(1000);
  });

  it('never expects less later, nor more than the week asks for', () => {
    const calendar = ShiftCalendar.of({ ...BERLIN, holidays: ['2026-11-25'] });
    const week = calendar.weekContaining(new Date('2026-11-25T12:00:00Z'));
    const span = week.end.getTime() - week.start.getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        (first, second, change, a, b) => {
          const policy = new WeeklyTargetPolicy([
            { weeklyTarget: first, effectiveFrom: SINCE_LONG_AGO },
            { weeklyTarget: second, effectiveFrom: new Date(week.start.getTime() + change) },
          ]);
          const [earlier, later] = [a, b]
            .sort((x, y) => x - y)
            .map((offset) => new Date(week.start.getTime() + offset));
          const expectedEarlier = policy.expectedBetween(calendar, week, earlier);
          expect(policy.expectedBetween(calendar, week, later)).toBeGreaterThanOrEqual(
            expectedEarlier - 1e-9,
          );
          expect(expectedEarlier).toBeLessThanOrEqual(Math.max(first, second) + 1e-9);
          expect(policy.expectedBetween(calendar, week, week.end)).toBeCloseTo(
            policy.weekTargetAsOf(calendar, week, week.end),
            6,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
