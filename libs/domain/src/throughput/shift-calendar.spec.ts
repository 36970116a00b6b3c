import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_SHIFT_CALENDAR,
  ShiftCalendar,
  validateShiftCalendar,
  type ShiftCalendarInput,
} from './shift-calendar.js';
import { weekdays } from './testing/calendar-fixtures.js';

const HOUR = 3_600_000;

/** Two eight-hour shifts on weekdays, in Berlin: 80 production hours a week. */
const BERLIN_TWO_SHIFTS: ShiftCalendarInput = {
  timeZone: 'Europe/Berlin',
  weekStartsOn: 'monday',
  shifts: weekdays([
    { start: '06:00', end: '14:00' },
    { start: '14:00', end: '22:00' },
  ]),
  holidays: [],
};

function weekHours(calendar: ShiftCalendar, instant: string): number {
  const week = calendar.weekContaining(new Date(instant));
  return calendar.productionHoursBetween(week.start, week.end);
}

describe('ShiftCalendar weeks', () => {
  it('by default runs every hour of a UTC week starting Monday', () => {
    const calendar = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);
    const week = calendar.weekContaining(new Date('2026-11-25T12:00:00Z'));
    expect(week).toEqual({
      start: new Date('2026-11-23T00:00:00Z'),
      end: new Date('2026-11-30T00:00:00Z'),
      firstDay: '2026-11-23',
    });
    expect(calendar.productionHoursBetween(week.start, week.end)).toBe(168);
    expect(calendar.productionHoursBetween(week.start, new Date('2026-11-25T12:00:00Z'))).toBe(60);
  });

  it('starts the week at local midnight of the configured day, in the site zone', () => {
    const calendar = ShiftCalendar.of({ ...BERLIN_TWO_SHIFTS, weekStartsOn: 'sunday' });
    // Sunday 29 Nov 00:30 in Berlin is still Saturday 23:30 UTC: already the new week.
    const week = calendar.weekContaining(new Date('2026-11-28T23:30:00Z'));
    expect(week.firstDay).toBe('2026-11-29');
    expect(week.start).toEqual(new Date('2026-11-28T23:00:00Z'));
    // One instant earlier belongs to the week before.
    expect(calendar.weekContaining(new Date('2026-11-28T22:59:59.999Z')).firstDay).toBe('2026-11-22');
  });

  it('counts only shift hours, skipping the gaps between them', () => {
    const calendar = ShiftCalendar.of(BERLIN_TWO_SHIFTS);
    expect(weekHours(calendar, '2026-11-25T09:00:00Z')).toBe(80);
    const week = calendar.weekContaining(new Date('2026-11-25T09:00:00Z'));
    // Wednesday 10:00 Berlin: Monday 16 h + Tuesday 16 h + Wednesday 4 h.
    expect(calendar.productionHoursBetween(week.start, new Date('2026-11-25T09:00:00Z'))).toBe(36);
    // Wednesday 23:00 Berlin is after the late shift: nothing more until Thursday 06:00.
    expect(calendar.productionHoursBetween(week.start, new Date('2026-11-25T22:00:00Z'))).toBe(48);
    expect(calendar.productionHoursBetween(week.start, new Date('2026-11-26T04:59:00Z'))).toBe(48);
  });

  it('removes holidays and shutdown days whole', () => {
    const calendar = ShiftCalendar.of({ ...BERLIN_TWO_SHIFTS, holidays: ['2026-12-25', '2026-12-31'] });
    expect(weekHours(calendar, '2026-12-23T12:00:00Z')).toBe(64);
    expect(weekHours(calendar, '2026-12-30T12:00:00Z')).toBe(64);
    expect(weekHours(calendar, '2026-12-16T12:00:00Z')).toBe(80);
  });

  it('runs a night shift past midnight and into the next week', () => {
    const calendar = ShiftCalendar.of({
      timeZone: 'UTC',
      weekStartsOn: 'monday',
      shifts: { sunday: [{ start: '22:00', end: '06:00' }] },
      holidays: [],
    });
    const week = calendar.weekContaining(new Date('2026-11-25T00:00:00Z'));
    // Monday 00:00-06:00 is the tail of last Sunday's night; Sunday 22:00-24:00 is the head of this one's.
    expect(calendar.intervalsBetween(week.start, week.end)).toEqual([
      { start: Date.parse('2026-11-23T00:00:00Z'), end: Date.parse('2026-11-23T06:00:00Z') },
      { start: Date.parse('2026-11-29T22:00:00Z'), end: Date.parse('2026-11-30T00:00:00Z') },
    ]);
  });

  describe('daylight saving', () => {
    it('makes the autumn week 169 hours and the spring week 167', () => {
      const newYork = ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, timeZone: 'America/New_York' });
      expect(weekHours(newYork, '2026-10-29T12:00:00Z')).toBe(169);
      expect(weekHours(newYork, '2026-03-05T12:00:00Z')).toBe(167);
      expect(weekHours(newYork, '2026-11-10T12:00:00Z')).toBe(168);
      const berlin = ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, timeZone: 'Europe/Berlin' });
      expect(weekHours(berlin, '2026-10-21T12:00:00Z')).toBe(169);
      expect(weekHours(berlin, '2026-03-25T12:00:00Z')).toBe(167);
    });

    it('measures a night shift across the change by the wall clock: 9 real hours in autumn, 7 in spring', () => {
      const calendar = ShiftCalendar.of({
        timeZone: 'America/New_York',
        weekStartsOn: 'monday',
        shifts: { saturday: [{ start: '22:00', end: '06:00' }] },
        holidays: [],
      });
      expect(weekHours(calendar, '2026-10-29T12:00:00Z')).toBe(9);
      expect(weekHours(calendar, '2026-03-05T12:00:00Z')).toBe(7);
    });

    it('keeps week boundaries at local midnight across the change', () => {
      const calendar = ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, timeZone: 'America/New_York' });
      const week = calendar.weekContaining(new Date('2026-11-01T12:00:00Z'));
      expect(week.start).toEqual(new Date('2026-10-26T04:00:00Z')); // Monday 00:00 EDT
      expect(week.end).toEqual(new Date('2026-11-02T05:00:00Z')); // Monday 00:00 EST
    });
  });

  it('rewinds production time across gaps and into the previous week', () => {
    const calendar = ShiftCalendar.of({
      timeZone: 'UTC',
      weekStartsOn: 'monday',
      shifts: weekdays([{ start: '06:00', end: '14:00' }]),
      holidays: [],
    });
    // Monday 08:00: two hours this morning, then six of Friday's shift.
    expect(calendar.rewindProduction(new Date('2026-11-23T08:00:00Z'), 8 * HOUR)).toEqual(
      new Date('2026-11-20T08:00:00Z'),
    );
    // Sunday evening: the last 8 production hours are Friday's whole shift.
    expect(calendar.rewindProduction(new Date('2026-11-22T20:00:00Z'), 8 * HOUR)).toEqual(
      new Date('2026-11-20T06:00:00Z'),
    );
  });

  it('agrees with itself: production time splits additively and never exceeds the wall clock', () => {
    const calendar = ShiftCalendar.of({ ...BERLIN_TWO_SHIFTS, holidays: ['2026-03-27'] });
    const start = Date.parse('2026-03-01T00:00:00Z');
    const span = 40 * 24 * HOUR;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        (a, b, c) => {
          const [x, y, z] = [a, b, c].sort((p, q) => p - q).map((offset) => new Date(start + offset));
          const whole = calendar.productionMsBetween(x, z);
          expect(whole).toBe(calendar.productionMsBetween(x, y) + calendar.productionMsBetween(y, z));
          expect(whole).toBeLessThanOrEqual(z.getTime() - x.getTime());
          const rewound =
            whole > 0 ? calendar.productionMsBetween(calendar.rewindProduction(z, whole), z) : 0;
          expect(rewound).toBe(whole);
        },
      ),
    );
  });
});

describe('validateShiftCalendar', () => {
  it('accepts the default and a two-shift calendar', () => {
    expect(validateShiftCalendar(DEFAULT_SHIFT_CALENDAR)).toEqual([]);
    expect(validateShiftCalendar(BERLIN_TWO_SHIFTS)).toEqual([]);
  });

  it('names every problem with its path', () => {
    const problems = validateShiftCalendar({
      timeZone: 'Mars/Olympus',
      weekStartsOn: 'monday',
      shifts: {
        monday: [
          { start: '06:00', end: '14:00' },
          { start: '13:00', end: '25:00' },
          { start: '10:00', end: '10:00' },
        ],
        sunday: [{ start: '22:00', end: '07:00' }],
      },
      holidays: ['2026-02-30', '2026-12-25', '2026-12-25'],
    });
    expect(problems).toEqual([
      {
        path: 'timeZone',
        reason: 'timeZone must be an IANA time zone such as Europe/Berlin, not "Mars/Olympus"',
      },
      { path: 'shifts.monday.1.end', reason: 'end must be a local time HH:MM from 00:01 to 24:00' },
      { path: 'shifts.monday.2', reason: 'a window must not start and end at the same time' },
      { path: 'shifts.monday.0', reason: 'overlaps shifts.sunday.0' },
      { path: 'holidays.0', reason: 'must be a date YYYY-MM-DD' },
      { path: 'holidays.2', reason: '2026-12-25 is listed twice' },
    ]);
  });

  it('refuses a week without any production', () => {
    expect(validateShiftCalendar({ ...DEFAULT_SHIFT_CALENDAR, shifts: {} })).toEqual([
      { path: 'shifts', reason: 'shifts must have at least one production window in the week' },
    ]);
    expect(() => ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, shifts: {} })).toThrow(
      /at least one production window/,
    );
  });
});
