import { describe, expect, it } from '@jest/globals';
import { ShiftCalendar, type ShiftCalendarInput } from '../throughput/shift-calendar.js';
import { WeeklyTargetPolicy } from '../throughput/weekly-target-policy.js';
import { weeklyBreakdown } from './weekly-breakdown.js';

const TWO_SHIFTS = [
  { start: '06:00', end: '14:00' },
  { start: '14:00', end: '22:00' },
];
const weekdays: ShiftCalendarInput = {
  timeZone: 'UTC',
  weekStartsOn: 'monday',
  shifts: {
    monday: TWO_SHIFTS,
    tuesday: TWO_SHIFTS,
    wednesday: TWO_SHIFTS,
    thursday: TWO_SHIFTS,
    friday: TWO_SHIFTS,
  },
  holidays: [],
};
const at = (iso: string) => new Date(iso);

// Monday to Friday, two 8-hour shifts: 80 production hours, so a target of 800 asks for 10 racks an hour.
function scenario(overrides: Partial<ShiftCalendarInput> = {}, now = at('2026-11-25T10:00:00Z')) {
  const calendar = ShiftCalendar.of({ ...weekdays, ...overrides });
  const targets = new WeeklyTargetPolicy([{ weeklyTarget: 800, effectiveFrom: at('2026-01-01T00:00:00Z') }]);
  const week = calendar.weekContaining(now);
  const completions = [
    '2026-11-23T07:00:00Z',
    '2026-11-23T15:00:00Z',
    '2026-11-24T23:00:00Z',
    '2026-11-25T09:59:00Z',
  ].map(at);
  return weeklyBreakdown({ calendar, targets, week, now, completions, runRatePerHour: 2 });
}

describe('weeklyBreakdown', () => {
  it('gives each local day its share of the plan by production hours, and its completions', () => {
    const sut = scenario();
    expect(sut.days.map((day) => day.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(
      sut.days.map((day) => [day.productionHours, round(day.plan), round(day.expectedByNow), day.actual]),
    ).toEqual([
      [16, 160, 160, 2],
      [16, 160, 160, 1],
      [16, 160, 40, 1],
      [16, 160, 0, 0],
      [16, 160, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('lists every configured shift of the week with its plan, what was due by now and its output', () => {
    const sut = scenario();
    expect(sut.shifts).toHaveLength(10);
    const wednesday = sut.shifts.filter((shift) => shift.date === '2026-11-25');
    expect(
      wednesday.map((shift) => [shift.label, round(shift.plan), round(shift.expectedByNow), shift.actual]),
    ).toEqual([
      ['06:00–14:00', 80, 40, 1],
      ['14:00–22:00', 80, 0, 0],
    ]);
    // Tuesday 23:00 is outside every shift: it counts for the day but for no shift.
    expect(sut.shifts.reduce((sum, shift) => sum + shift.actual, 0)).toBe(3);
  });

  it('draws the burn-up hourly: expected, actual up to now, and the projection from now to the week end', () => {
    const sut = scenario();
    expect(sut.burnUp).toHaveLength(24 * 7 + 1);
    const point = (iso: string) => sut.burnUp.find((entry) => entry.at.toISOString() === iso);
    expect(point('2026-11-23T00:00:00.000Z')).toEqual({
      at: at('2026-11-23T00:00:00Z'),
      expected: 0,
      actual: 0,
      projected: null,
    });
    expect(point('2026-11-23T08:00:00.000Z')).toMatchObject({ expected: 20, actual: 1, projected: null });
    expect(point('2026-11-25T10:00:00.000Z')).toMatchObject({ expected: 360, actual: 4, projected: 4 });
    expect(point('2026-11-25T11:00:00.000Z')).toMatchObject({ actual: null, projected: 6 });
    const end = sut.burnUp[sut.burnUp.length - 1];
    // 44 production hours left at 2 racks an hour.
    expect(end).toMatchObject({ at: at('2026-11-30T00:00:00Z'), actual: null, projected: 92 });
    expect(end.expected).toBeCloseTo(800, 9);
  });

  it('inserts the present moment between two hourly points', () => {
    const sut = scenario({}, at('2026-11-25T10:30:00Z'));
    expect(sut.burnUp).toHaveLength(24 * 7 + 2);
    expect(sut.burnUp.find((entry) => entry.at.toISOString() === '2026-11-25T10:30:00.000Z')).toMatchObject({
      expected: 365,
      actual: 4,
      projected: 4,
    });
  });

  it('asks nothing of a holiday and spreads the target over the days left', () => {
    const sut = scenario({ holidays: ['2026-11-24'] });
    const tuesday = sut.days[1];
    expect(tuesday).toMatchObject({ productionHours: 0, plan: 0, actual: 1 });
    expect(round(sut.days[0].plan)).toBe(200);
    expect(sut.shifts.some((shift) => shift.date === '2026-11-24')).toBe(false);
  });

  it('clips a night shift that runs past the end of the week', () => {
    const sut = scenario({ shifts: { ...weekdays.shifts, sunday: [{ start: '22:00', end: '06:00' }] } });
    const night = sut.shifts.find((shift) => shift.date === '2026-11-29')!;
    expect(night).toMatchObject({
      label: '22:00–06:00',
      start: at('2026-11-29T22:00:00Z'),
      end: at('2026-11-30T00:00:00Z'),
    });
    expect(night.productionHours).toBe(2);
  });

  it('keeps local days in the site time zone across a daylight-saving change', () => {
    const calendar = ShiftCalendar.of({
      timeZone: 'Europe/Berlin',
      weekStartsOn: 'monday',
      shifts: weekdays.shifts,
      holidays: [],
    });
    const targets = new WeeklyTargetPolicy([], 800);
    const now = at('2026-10-21T12:00:00Z');
    const week = calendar.weekContaining(now);
    const sut = weeklyBreakdown({ calendar, targets, week, now, completions: [], runRatePerHour: 0 });
    // The week ending Sunday 25 October, when the clocks go back: 7 local days, the last one 25 hours long.
    expect(sut.days).toHaveLength(7);
    expect(sut.days[0].start).toEqual(at('2026-10-18T22:00:00Z'));
    expect(sut.days[6]).toMatchObject({
      date: '2026-10-25',
      start: at('2026-10-24T22:00:00Z'),
      end: at('2026-10-25T23:00:00Z'),
    });
    expect(sut.days[6].end).toEqual(week.end);
    // Monday's morning shift starts at 06:00 local, 04:00 UTC in summer time.
    expect(sut.shifts[0].start).toEqual(at('2026-10-19T04:00:00Z'));
  });
});

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
