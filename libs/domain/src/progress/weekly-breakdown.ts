import { DateTime } from 'luxon';
import { WEEKDAYS, type ShiftCalendar, type WeekBounds } from '../throughput/shift-calendar.js';
import type { WeeklyTargetPolicy } from '../throughput/weekly-target-policy.js';

const HOUR_MS = 3_600_000;
const MINUTES_PER_DAY = 1440;

/** A span of the week (a local day, or one shift on one day) with what the plan asked of it and what came out. */
export interface PlanPeriod {
  /** Local date (`YYYY-MM-DD`) the span starts on. */
  readonly date: string;
  readonly start: Date;
  readonly end: Date;
  readonly productionHours: number;
  /** Racks the plan asks of the whole span. */
  readonly plan: number;
  /** Racks the plan asks of the span up to now: 0 before it starts, `plan` once it is over. */
  readonly expectedByNow: number;
  /** Racks that completed their route within the span (so far). */
  readonly actual: number;
}

export interface ShiftPeriod extends PlanPeriod {
  /** The shift window as configured, e.g. `06:00–14:00`. */
  readonly label: string;
}

/** One point of the burn-up chart: cumulative racks since the week's start. */
export interface BurnUpPoint {
  readonly at: Date;
  readonly expected: number;
  /** null after now. */
  readonly actual: number | null;
  /** null before now: from now on, actual so far plus the run rate over the production hours to come. */
  readonly projected: number | null;
}

export interface WeeklyBreakdownInput {
  readonly calendar: ShiftCalendar;
  readonly targets: WeeklyTargetPolicy;
  readonly week: WeekBounds;
  readonly now: Date;
  /** When each rack that completed its route this week did so (any order). */
  readonly completions: readonly Date[];
  /** Completions per production hour over the recent window (the snapshot's run rate). */
  readonly runRatePerHour: number;
  /** Spacing of the burn-up points; one hour by default. */
  readonly stepMs?: number;
}

export interface WeeklyBreakdown {
  readonly days: readonly PlanPeriod[];
  readonly shifts: readonly ShiftPeriod[];
  readonly burnUp: readonly BurnUpPoint[];
}

/**
 * The week cut into local days and configured shifts, plus the burn-up series, for the shift managers' view.
 * Every plan figure comes from the weekly target policy over production hours (docs/architecture.md), so a day
 * without production asks for nothing and a mid-week target change weighs only the hours after it.
 */
export function weeklyBreakdown(input: WeeklyBreakdownInput): WeeklyBreakdown {
  const { calendar, targets, week, now } = input;
  const sorted = input.completions.map((at) => at.getTime()).sort((a, b) => a - b);
  const expectedAt = (instant: number) => targets.expectedBetween(calendar, week, new Date(instant));
  const actualBetween = (from: number, to: number) => countBefore(sorted, to) - countBefore(sorted, from);
  const nowMs = Math.min(Math.max(now.getTime(), week.start.getTime()), week.end.getTime());

  const period = (date: string, start: number, end: number): PlanPeriod => {
    const planStart = expectedAt(start);
    return {
      date,
      start: new Date(start),
      end: new Date(end),
      productionHours: calendar.productionHoursBetween(new Date(start), new Date(end)),
      plan: expectedAt(end) - planStart,
      expectedByNow: Math.max(0, expectedAt(Math.min(Math.max(nowMs, start), end)) - planStart),
      actual: actualBetween(start, end),
    };
  };

  const firstDay = DateTime.fromJSDate(week.start, { zone: calendar.timeZone }).startOf('day');
  const days: PlanPeriod[] = [];
  for (let offset = 0; ; offset += 1) {
    const day = firstDay.plus({ days: offset });
    const start = day.toMillis();
    if (start >= week.end.getTime()) break;
    days.push(period(day.toISODate() ?? '', start, day.plus({ days: 1 }).startOf('day').toMillis()));
  }
  const shifts = weekShifts(calendar, week).map((shift): ShiftPeriod => ({
    ...period(shift.date, shift.start.getTime(), shift.end.getTime()),
    label: shift.label,
  }));

  const actualNow = countBefore(sorted, now.getTime() + 1);
  const step = input.stepMs ?? HOUR_MS;
  const instants: number[] = [];
  for (let at = week.start.getTime(); at < week.end.getTime(); at += step) instants.push(at);
  instants.push(week.end.getTime());
  if (!instants.includes(nowMs)) instants.push(nowMs);
  instants.sort((a, b) => a - b);
  const burnUp = instants.map((at): BurnUpPoint => ({
    at: new Date(at),
    expected: expectedAt(at),
    actual: at <= nowMs ? (at === nowMs ? actualNow : countBefore(sorted, at)) : null,
    projected:
      at >= nowMs
        ? actualNow + input.runRatePerHour * calendar.productionHoursBetween(new Date(nowMs), new Date(at))
        : null,
  }));
  return { days, shifts, burnUp };
}

/** One configured shift on one day of a week, as the calendar lays it out in the site's zone. */
export interface ShiftWindowOfWeek {
  /** Local date (`YYYY-MM-DD`) the shift starts on. */
  readonly date: string;
  /** The shift window as configured, e.g. `06:00–14:00`. */
  readonly label: string;
  readonly start: Date;
  /** Cut at the week's end, so a night shift on the last day ends with the week. */
  readonly end: Date;
}

/** Every configured shift of the week in order, holidays left out. */
export function weekShifts(calendar: ShiftCalendar, week: WeekBounds): ShiftWindowOfWeek[] {
  const firstDay = DateTime.fromJSDate(week.start, { zone: calendar.timeZone }).startOf('day');
  const holidays = new Set(calendar.input.holidays);
  const shifts: ShiftWindowOfWeek[] = [];
  for (let offset = 0; ; offset += 1) {
    const day = firstDay.plus({ days: offset });
    if (day.toMillis() >= week.end.getTime()) break;
    const date = day.toISODate() ?? '';
    if (holidays.has(date)) continue;
    for (const window of calendar.input.shifts[WEEKDAYS[day.weekday - 1]] ?? []) {
      const from = localInstant(day, minutesOf(window.start));
      const endMinutes = minutesOf(window.end);
      // An end at or before the start is a night shift running into the next day.
      const to = localInstant(endMinutes > minutesOf(window.start) ? day : day.plus({ days: 1 }), endMinutes);
      shifts.push({
        date,
        label: `${window.start}–${window.end}`,
        start: new Date(from),
        end: new Date(Math.min(to, week.end.getTime())),
      });
    }
  }
  return shifts;
}

/** How many of the sorted instants fall strictly before `instant` (binary search). */
function countBefore(sorted: readonly number[], instant: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

function minutesOf(time: string): number {
  if (time === '24:00') return MINUTES_PER_DAY;
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** `minutes` after the local midnight of `day`; a time that daylight saving skips reads as the jump's end. */
function localInstant(day: DateTime, minutes: number): number {
  if (minutes >= MINUTES_PER_DAY) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day
    .startOf('day')
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
    .toMillis();
}
