import { DateTime } from 'luxon';
import type { ShiftCalendar, WeekBounds, Weekday } from '../throughput/shift-calendar.js';

/** `2026-W48`: the site's week that holds that ISO week's Thursday. */
export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
/** `2026-11-24`: the site's week that holds that local date. */
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// luxon numbers weekdays from Monday = 1.
const THURSDAY = 4;

/** One production week of a site, as its shift calendar defines weeks: local midnight to local midnight. */
export interface ProductionWeek {
  /**
   * The ISO week label of the Thursday inside the week. Seven consecutive days hold exactly one Thursday, so
   * every site week has one label, and it is the ISO week the site week shares most of its days with (the
   * rule ISO itself uses to give a week to a year). For weeks from Monday it is the ISO week itself.
   */
  week: string;
  /** The first day's local date, `YYYY-MM-DD`. */
  firstDay: string;
  from: Date;
  /** Exclusive; not always `from` + 168 h, because of daylight saving. */
  to: Date;
  timeZone: string;
  weekStartsOn: Weekday;
}

function isoWeekLabel(day: DateTime): string {
  return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
}

function describe(calendar: ShiftCalendar, bounds: WeekBounds): ProductionWeek {
  const firstDay = DateTime.fromISO(bounds.firstDay, { zone: calendar.timeZone });
  const thursday = firstDay.plus({ days: (THURSDAY - firstDay.weekday + 7) % 7 });
  return {
    week: isoWeekLabel(thursday),
    firstDay: bounds.firstDay,
    from: bounds.start,
    to: bounds.end,
    timeZone: calendar.timeZone,
    weekStartsOn: calendar.input.weekStartsOn,
  };
}

/** The site week `instant` falls in. */
export function productionWeekOf(calendar: ShiftCalendar, instant: Date): ProductionWeek {
  return describe(calendar, calendar.weekContaining(instant));
}

/** The local day a week parameter points at, or null when its year has no such week or its month no such day. */
function localDayNamedBy(week: string, timeZone: string): DateTime | null {
  const isoWeek = ISO_WEEK_PATTERN.exec(week);
  if (isoWeek) {
    const weekYear = Number(isoWeek[1]);
    const weekNumber = Number(isoWeek[2]);
    const thursday = DateTime.fromObject({ weekYear, weekNumber, weekday: THURSDAY }, { zone: timeZone });
    // luxon rolls W53 of a short year over into the next year's W01 instead of refusing it.
    const exists = thursday.isValid && thursday.weekYear === weekYear && thursday.weekNumber === weekNumber;
    return exists ? thursday : null;
  }
  if (LOCAL_DATE_PATTERN.test(week)) {
    const day = DateTime.fromISO(week, { zone: timeZone });
    return day.isValid ? day : null;
  }
  return null;
}

/**
 * The site week a `week` parameter names: an ISO week (`2026-W48`) or a local date inside the week
 * (`2026-11-24`); null when no such week or date exists.
 */
export function productionWeek(calendar: ShiftCalendar, week: string): ProductionWeek | null {
  const day = localDayNamedBy(week, calendar.timeZone);
  if (day === null) return null;
  // Noon: a local time every day has, whatever daylight saving does around its midnight.
  return productionWeekOf(calendar, day.set({ hour: 12 }).toJSDate());
}
