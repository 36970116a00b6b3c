import { DateTime } from 'luxon';

export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export interface WeekWindow {
  week: string;
  from: Date;
  to: Date;
}

/**
 * `2026-W48` as [Monday 00:00, next Monday 00:00) in UTC; null when there is no such week (W53 exists only in
 * long years).
 */
export function isoWeekWindow(week: string): WeekWindow | null {
  const match = ISO_WEEK_PATTERN.exec(week);
  if (!match) return null;
  const start = DateTime.fromObject(
    { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 },
    { zone: 'utc' },
  );
  if (!start.isValid || start.weekYear !== Number(match[1]) || start.weekNumber !== Number(match[2]))
    return null;
  return { week, from: start.toJSDate(), to: start.plus({ weeks: 1 }).toJSDate() };
}

/** The ISO week `at` falls in, in UTC, e.g. `2026-W48`. */
export function isoWeekOf(at: Date): string {
  const day = DateTime.fromJSDate(at, { zone: 'utc' });
  return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
}
