import { describe, expect, it } from '@jest/globals';
import { ShiftCalendar, validateShiftCalendar, weekShifts } from '#domain';
import { DEMO_SHIFT_CALENDAR } from './factory-config.js';

describe('DEMO_SHIFT_CALENDAR', () => {
  it('is a calendar the alerts service accepts: three eight-hour shifts every day, the whole week covered', () => {
    expect(validateShiftCalendar(DEMO_SHIFT_CALENDAR)).toEqual([]);
    const calendar = ShiftCalendar.of(DEMO_SHIFT_CALENDAR);
    const week = calendar.weekContaining(new Date('2026-11-25T12:00:00Z'));
    const shifts = weekShifts(calendar, week);
    expect(shifts).toHaveLength(21);
    expect(shifts.slice(0, 3).map((shift) => shift.label)).toEqual([
      '00:00–08:00',
      '08:00–16:00',
      '16:00–24:00',
    ]);
    expect(calendar.productionHoursBetween(week.start, week.end)).toBe(168);
  });
});
