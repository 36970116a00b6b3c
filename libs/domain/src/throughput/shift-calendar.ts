import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'string' && (WEEKDAYS as readonly string[]).includes(value);
}

/**
 * One production window of a weekday in the site's local time, `HH:MM` to `HH:MM`. An end at or before the
 * start runs past midnight into the next day (a night shift), and `24:00` ends exactly at midnight.
 */
export interface ShiftWindow {
  readonly start: string;
  readonly end: string;
}

export interface ShiftCalendarInput {
  /** IANA zone name; week boundaries, shifts and holidays are all read in it. */
  readonly timeZone: string;
  readonly weekStartsOn: Weekday;
  /** Production windows per weekday; a weekday that is absent (or empty) has no production. */
  readonly shifts: Readonly<Partial<Record<Weekday, readonly ShiftWindow[]>>>;
  /** Local dates (`YYYY-MM-DD`) with no production at all, e.g. public holidays and shutdown days. */
  readonly holidays: readonly string[];
}

/** A problem with an input, at the path a client would fix (e.g. `shifts.monday.1.end`). */
export interface ThroughputProblem {
  path: string;
  reason: string;
}

export interface WeekBounds {
  /** Local midnight of the week's first day, as an instant. */
  readonly start: Date;
  /** Local midnight seven days later: exclusive. Not always start + 168 h, because of daylight saving. */
  readonly end: Date;
  /** The first day's local date, `YYYY-MM-DD`. */
  readonly firstDay: string;
}

/** Half-open interval of instants, in epoch milliseconds. */
export interface TimeInterval {
  readonly start: number;
  readonly end: number;
}

const ALL_DAY: readonly ShiftWindow[] = [{ start: '00:00', end: '24:00' }];

/** docs/architecture.md: without a calendar every hour of the week is a production hour. */
export const DEFAULT_SHIFT_CALENDAR: ShiftCalendarInput = Object.freeze({
  timeZone: 'UTC',
  weekStartsOn: 'monday',
  shifts: Object.freeze(Object.fromEntries(WEEKDAYS.map((day) => [day, ALL_DAY]))),
  holidays: Object.freeze([]),
});

export const MAX_SHIFTS_PER_DAY = 8;
export const MAX_HOLIDAYS = 400;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const HOUR_MS = 3_600_000;
// Walking back over a calendar for a run-rate window or a stuck rack never needs more than this.
const MAX_WEEKS_SCANNED = 60;

function minutesOf(time: string): number {
  if (time === '24:00') return MINUTES_PER_DAY;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Every problem at once, so whoever configures a site fixes the calendar in one pass. */
export function validateShiftCalendar(input: ShiftCalendarInput): ThroughputProblem[] {
  const problems: ThroughputProblem[] = [];
  if (!IANAZone.isValidZone(input.timeZone)) {
    problems.push({
      path: 'timeZone',
      reason: `timeZone must be an IANA time zone such as Europe/Berlin, not ${JSON.stringify(input.timeZone)}`,
    });
  }
  if (!isWeekday(input.weekStartsOn)) {
    problems.push({ path: 'weekStartsOn', reason: `weekStartsOn must be one of: ${WEEKDAYS.join(', ')}` });
  }
  // Windows as minutes of the week, to find overlaps, including a night shift running into the next day's.
  const placed: { from: number; to: number; path: string }[] = [];
  let windows = 0;
  for (const [day, dayWindows] of Object.entries(input.shifts)) {
    if (!isWeekday(day)) {
      problems.push({
        path: `shifts.${day}`,
        reason: `shifts may only have the keys ${WEEKDAYS.join(', ')}`,
      });
      continue;
    }
    const list = dayWindows ?? [];
    if (list.length > MAX_SHIFTS_PER_DAY) {
      problems.push({ path: `shifts.${day}`, reason: `at most ${MAX_SHIFTS_PER_DAY} windows per day` });
    }
    list.forEach((window, index) => {
      const path = `shifts.${day}.${index}`;
      const startValid = TIME_PATTERN.test(window.start);
      const endValid = TIME_PATTERN.test(window.end) || window.end === '24:00';
      if (!startValid)
        problems.push({
          path: `${path}.start`,
          reason: 'start must be a local time HH:MM from 00:00 to 23:59',
        });
      if (!endValid)
        problems.push({ path: `${path}.end`, reason: 'end must be a local time HH:MM from 00:01 to 24:00' });
      if (!startValid || !endValid) return;
      const start = minutesOf(window.start);
      const end = minutesOf(window.end);
      if (start === end) {
        problems.push({ path, reason: 'a window must not start and end at the same time' });
        return;
      }
      windows += 1;
      const from = WEEKDAYS.indexOf(day) * MINUTES_PER_DAY + start;
      const to = from + (end > start ? end - start : MINUTES_PER_DAY - start + end);
      // A night shift on the week's last day runs into its first day: wrap it round.
      if (to > MINUTES_PER_WEEK) {
        placed.push({ from, to: MINUTES_PER_WEEK, path }, { from: 0, to: to - MINUTES_PER_WEEK, path });
      } else {
        placed.push({ from, to, path });
      }
    });
  }
  placed.sort((a, b) => a.from - b.from || a.to - b.to);
  let reach: { to: number; path: string } | undefined;
  for (const current of placed) {
    if (reach && current.from < reach.to && current.path !== reach.path) {
      problems.push({ path: current.path, reason: `overlaps ${reach.path}` });
    }
    if (!reach || current.to > reach.to) reach = { to: current.to, path: current.path };
  }
  if (windows === 0 && problems.length === 0) {
    problems.push({ path: 'shifts', reason: 'shifts must have at least one production window in the week' });
  }
  if (input.holidays.length > MAX_HOLIDAYS) {
    problems.push({ path: 'holidays', reason: `at most ${MAX_HOLIDAYS} holidays` });
  }
  const seen = new Set<string>();
  input.holidays.forEach((holiday, index) => {
    if (!DATE_PATTERN.test(holiday) || !DateTime.fromISO(holiday, { zone: 'UTC' }).isValid) {
      problems.push({ path: `holidays.${index}`, reason: 'must be a date YYYY-MM-DD' });
    } else if (seen.has(holiday)) {
      problems.push({ path: `holidays.${index}`, reason: `${holiday} is listed twice` });
    }
    seen.add(holiday);
  });
  return problems;
}

export class InvalidShiftCalendarError extends Error {
  constructor(readonly problems: readonly ThroughputProblem[]) {
    super(
      `invalid shift calendar: ${problems.map((problem) => `${problem.path}: ${problem.reason}`).join('; ')}`,
    );
    this.name = 'InvalidShiftCalendarError';
  }
}

function mergeIntervals(intervals: TimeInterval[]): TimeInterval[] {
  const sorted = [...intervals]
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start);
  const merged: TimeInterval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

function subtract(intervals: readonly TimeInterval[], holes: readonly TimeInterval[]): TimeInterval[] {
  let remaining = [...intervals];
  for (const hole of holes) {
    remaining = remaining.flatMap((interval) => {
      if (hole.end <= interval.start || hole.start >= interval.end) return [interval];
      const parts: TimeInterval[] = [];
      if (hole.start > interval.start) parts.push({ start: interval.start, end: hole.start });
      if (hole.end < interval.end) parts.push({ start: hole.end, end: interval.end });
      return parts;
    });
  }
  return remaining;
}

function clip(intervals: readonly TimeInterval[], from: number, to: number): TimeInterval[] {
  return intervals
    .map((interval) => ({ start: Math.max(interval.start, from), end: Math.min(interval.end, to) }))
    .filter((interval) => interval.end > interval.start);
}

function totalMs(intervals: readonly TimeInterval[]): number {
  return intervals.reduce((sum, interval) => sum + (interval.end - interval.start), 0);
}

/**
 * A site's production time. Windows are laid out on local dates and only then turned into instants, so a
 * shift spanning a daylight-saving change is as long as the clocks on the wall say it ran: an 8-hour
 * night shift is 7 real hours in spring and 9 in autumn, and a week is 167 or 169 hours.
 */
export class ShiftCalendar {
  private readonly weeks = new Map<number, TimeInterval[]>();
  private readonly holidays: ReadonlySet<string>;
  private readonly weekStartIndex: number;

  private constructor(readonly input: ShiftCalendarInput) {
    this.holidays = new Set(input.holidays);
    this.weekStartIndex = WEEKDAYS.indexOf(input.weekStartsOn) + 1; // luxon: Monday = 1
  }

  static of(input: ShiftCalendarInput): ShiftCalendar {
    const problems = validateShiftCalendar(input);
    if (problems.length > 0) throw new InvalidShiftCalendarError(problems);
    return new ShiftCalendar(input);
  }

  get timeZone(): string {
    return this.input.timeZone;
  }

  weekContaining(instant: Date): WeekBounds {
    const local = DateTime.fromJSDate(instant, { zone: this.input.timeZone });
    const back = (local.weekday - this.weekStartIndex + 7) % 7;
    const start = local.startOf('day').minus({ days: back }).startOf('day');
    const end = start.plus({ weeks: 1 }).startOf('day');
    return { start: start.toJSDate(), end: end.toJSDate(), firstDay: start.toISODate() ?? '' };
  }

  /** The production intervals of the week starting at `week.start`, clipped to that week. */
  weekIntervals(week: WeekBounds): readonly TimeInterval[] {
    const key = week.start.getTime();
    const cached = this.weeks.get(key);
    if (cached) return cached;
    const firstDay = DateTime.fromJSDate(week.start, { zone: this.input.timeZone }).startOf('day');
    const raw: TimeInterval[] = [];
    const holes: TimeInterval[] = [];
    // From the day before: its night shift may run into the week's first morning.
    for (let offset = -1; offset < 7; offset += 1) {
      const day = firstDay.plus({ days: offset });
      const weekday = WEEKDAYS[day.weekday - 1];
      for (const window of this.input.shifts[weekday] ?? []) {
        const start = minutesOf(window.start);
        const end = minutesOf(window.end);
        const endDay = end > start ? day : day.plus({ days: 1 });
        raw.push({ start: this.localInstant(day, start), end: this.localInstant(endDay, end) });
      }
      const date = day.toISODate() ?? '';
      if (this.holidays.has(date)) {
        holes.push({ start: this.localInstant(day, 0), end: this.localInstant(day, MINUTES_PER_DAY) });
      }
    }
    const intervals = clip(subtract(mergeIntervals(raw), holes), week.start.getTime(), week.end.getTime());
    if (this.weeks.size > MAX_WEEKS_SCANNED) this.weeks.clear();
    this.weeks.set(key, intervals);
    return intervals;
  }

  /** Production intervals within [from, to), across as many weeks as that spans. */
  intervalsBetween(from: Date, to: Date): TimeInterval[] {
    const result: TimeInterval[] = [];
    let week = this.weekContaining(from);
    for (let scanned = 0; week.start < to && scanned <= MAX_WEEKS_SCANNED; scanned += 1) {
      result.push(...clip(this.weekIntervals(week), from.getTime(), to.getTime()));
      week = this.weekContaining(week.end);
    }
    return result;
  }

  productionMsBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    return totalMs(this.intervalsBetween(from, to));
  }

  productionHoursBetween(from: Date, to: Date): number {
    return this.productionMsBetween(from, to) / HOUR_MS;
  }

  /**
   * The latest instant from which `productionMs` of production time runs up to `until`; when the calendar
   * has less than that within its scan limit, the earliest instant scanned.
   */
  rewindProduction(until: Date, productionMs: number): Date {
    let needed = productionMs;
    let week = this.weekContaining(new Date(until.getTime() - 1));
    for (let scanned = 0; scanned <= MAX_WEEKS_SCANNED; scanned += 1) {
      const intervals = clip(this.weekIntervals(week), week.start.getTime(), until.getTime());
      for (let index = intervals.length - 1; index >= 0; index -= 1) {
        const interval = intervals[index];
        const length = interval.end - interval.start;
        if (length >= needed) return new Date(interval.end - needed);
        needed -= length;
      }
      week = this.weekContaining(new Date(week.start.getTime() - 1));
    }
    return week.end;
  }

  private localInstant(day: DateTime, minutes: number): number {
    // A time that daylight saving skips is read as the moment the clocks jump to, as the wall clock would.
    return day
      .set({ hour: 0, minute: 0, second: 0, millisecond: 0 })
      .plus({ days: Math.floor(minutes / MINUTES_PER_DAY) })
      .set({ hour: Math.floor((minutes % MINUTES_PER_DAY) / 60), minute: minutes % 60 })
      .toMillis();
  }
}
