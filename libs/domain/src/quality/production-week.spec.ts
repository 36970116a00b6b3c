import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SHIFT_CALENDAR, ShiftCalendar, type Weekday } from '../throughput/shift-calendar.js';
import { productionWeek, productionWeekOf } from './production-week.js';

const utc = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);
const site = (timeZone: string, weekStartsOn: Weekday) =>
  ShiftCalendar.of({ ...DEFAULT_SHIFT_CALENDAR, timeZone, weekStartsOn });

describe('production weeks', () => {
  describe('without a site calendar: ISO weeks in UTC', () => {
    it('turns a week label into Monday 00:00 UTC to the next Monday', () => {
      expect(productionWeek(utc, '2026-W48')).toEqual({
        week: '2026-W48',
        firstDay: '2026-11-23',
        from: new Date('2026-11-23T00:00:00.000Z'),
        to: new Date('2026-11-30T00:00:00.000Z'),
        timeZone: 'UTC',
        weekStartsOn: 'monday',
      });
    });

    it('follows the ISO year across new year', () => {
      expect(productionWeek(utc, '2026-W01')?.from).toEqual(new Date('2025-12-29T00:00:00.000Z'));
      expect(productionWeekOf(utc, new Date('2027-01-01T12:00:00Z')).week).toBe('2026-W53');
    });

    it('refuses weeks a year does not have and dates a month does not have', () => {
      expect(productionWeek(utc, '2025-W53')).toBeNull();
      expect(productionWeek(utc, '2026-W00')).toBeNull();
      expect(productionWeek(utc, '2026-02-30')).toBeNull();
      expect(productionWeek(utc, '2026-48')).toBeNull();
    });

    it('names the week a moment falls in, Sunday night included', () => {
      expect(productionWeekOf(utc, new Date('2026-11-29T23:59:59.999Z')).week).toBe('2026-W48');
      expect(productionWeekOf(utc, new Date('2026-11-30T00:00:00.000Z')).week).toBe('2026-W49');
    });
  });

  describe("in the site's time zone, from its first weekday", () => {
    const tokyo = site('Asia/Tokyo', 'monday');

    it('starts the week at local midnight, hours before the UTC Monday', () => {
      expect(productionWeek(tokyo, '2026-W48')).toMatchObject({
        week: '2026-W48',
        firstDay: '2026-11-23',
        from: new Date('2026-11-22T15:00:00.000Z'),
        to: new Date('2026-11-29T15:00:00.000Z'),
        timeZone: 'Asia/Tokyo',
      });
      // Sunday 20:00 UTC is Monday 05:00 in Tokyo: the next week there, still W48 in UTC.
      expect(productionWeekOf(tokyo, new Date('2026-11-29T20:00:00Z')).week).toBe('2026-W49');
      expect(productionWeekOf(utc, new Date('2026-11-29T20:00:00Z')).week).toBe('2026-W48');
    });

    it('takes a date inside the week as the local date', () => {
      expect(productionWeek(tokyo, '2026-11-29')?.firstDay).toBe('2026-11-23');
      expect(productionWeek(tokyo, '2026-11-30')?.firstDay).toBe('2026-11-30');
    });

    it('gives a week from Sunday the label of the ISO week it shares six days with', () => {
      const chicago = site('America/Chicago', 'sunday');
      const week = productionWeek(chicago, '2026-W48');
      expect(week).toMatchObject({
        week: '2026-W48',
        firstDay: '2026-11-22',
        from: new Date('2026-11-22T06:00:00.000Z'),
        to: new Date('2026-11-29T06:00:00.000Z'),
        weekStartsOn: 'sunday',
      });
      // Each label names one week and each week one label, whatever its first weekday.
      expect(productionWeekOf(chicago, week!.to).week).toBe('2026-W49');
      expect(productionWeek(chicago, '2026-11-28')?.week).toBe('2026-W48');
      expect(productionWeek(chicago, '2026-11-29')?.week).toBe('2026-W49');
    });

    it('is as long as the wall clocks say across a daylight-saving change', () => {
      const berlin = site('Europe/Berlin', 'monday');
      const autumn = productionWeek(berlin, '2026-10-25')!;
      expect(autumn.from).toEqual(new Date('2026-10-18T22:00:00.000Z'));
      expect(autumn.to).toEqual(new Date('2026-10-25T23:00:00.000Z'));
    });
  });
});
