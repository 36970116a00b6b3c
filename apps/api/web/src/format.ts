// Pure formatting for the dashboard: no DOM, so it is unit-tested with the rest of the code. Words come from the
// page's language (i18n.ts), numbers and dates from Intl in its locale; times are always in the site's zone.
import { currentLocale, t } from './i18n.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A stage as people say it; a stage the page has no word for is shown from its id. */
export function stageLabel(stage: string): string {
  return t(`common.stage.${stage}`, {
    defaultValue: stage.replaceAll('_', ' ').replace(/^./, (first) => first.toUpperCase()),
  });
}

export function statusLabel(status: string): string {
  return t(`common.status.${status}`, { defaultValue: status.replaceAll('_', ' ') });
}

/** What a station event did, e.g. `rework started`. */
export function eventLabel(eventType: string): string {
  return t(`common.event.${eventType}`, { defaultValue: eventType.replaceAll('_', ' ') });
}

/** A number in the page's locale (`100,000`, `100 000`, `100.000`). */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(currentLocale(), options).format(value);
}

/** Racks are whole: plan figures are shown rounded, actual ones are integers already. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return formatNumber(Math.round(value), { maximumFractionDigits: 0 });
}

function oneDecimal(value: number): string {
  return formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`: precise enough to act on, short enough to read across a room. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < MINUTE_MS) return t('common.duration.seconds', { s: Math.floor(ms / 1000) });
  if (ms < HOUR_MS) return t('common.duration.minutes', { m: Math.floor(ms / MINUTE_MS) });
  if (ms < DAY_MS) {
    const minutes = String(Math.floor((ms % HOUR_MS) / MINUTE_MS)).padStart(2, '0');
    return t('common.duration.hoursMinutes', { h: Math.floor(ms / HOUR_MS), mm: minutes });
  }
  return t('common.duration.daysHours', {
    d: Math.floor(ms / DAY_MS),
    h: Math.floor((ms % DAY_MS) / HOUR_MS),
  });
}

export function formatSeconds(seconds: number | null): string {
  return seconds === null ? '–' : formatDuration(seconds * 1000);
}

export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '–';
  return t('common.percent', { value: oneDecimal(fraction * 100) });
}

export function formatRate(perHour: number): string {
  return t('common.perHour', { rate: oneDecimal(perHour) });
}

/** Hours with one decimal, e.g. `7.4 h`. */
export function formatHours(hours: number): string {
  return t('common.hours', { value: oneDecimal(hours) });
}

/** `14:03` (or `14:03:07` with seconds) in the site's zone, 24-hour in every language: a floor runs on it. */
export function formatClock(at: Date, timeZone: string, seconds = false): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(at);
}

const dayKey = (value: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(value);

/** Wall-clock time in the site's zone, e.g. `14:03`, or `Tue 14:03` when not today. */
export function formatTime(iso: string, timeZone: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const time = formatClock(at, timeZone);
  if (dayKey(at, timeZone) === dayKey(now, timeZone)) return time;
  const day = new Intl.DateTimeFormat(currentLocale(), { timeZone, weekday: 'short' }).format(at);
  return `${day} ${time}`;
}

/** A full date and time in the site's zone, e.g. `Sat 28 Nov 2026, 02:00`: for anything older than today. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A time axis tick in the site's zone and the page's locale: the day at midnight (`Thu 3`), else `12:00`. */
export function formatAxisTime(at: Date, timeZone: string): string {
  const clock = formatClock(at, timeZone);
  if (clock !== formatClock(new Date(Date.UTC(2000, 0, 1)), 'UTC')) return clock;
  return new Intl.DateTimeFormat(currentLocale(), { timeZone, weekday: 'short', day: 'numeric' }).format(at);
}

/** The zone's short name at that instant (`CET`, `GMT+1`), to print beside a site's clock. */
export function formatZoneName(at: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat(currentLocale(), { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((piece) => piece.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLocale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

export interface Span {
  start: string;
  end: string;
}

/** The span that contains `now`, if any. */
export function currentSpan<T extends Span>(spans: readonly T[], now: Date): T | undefined {
  const instant = now.getTime();
  return spans.find((span) => Date.parse(span.start) <= instant && instant < Date.parse(span.end));
}

export interface TransitionLike {
  rackSerial: string;
  eventType: string;
  stage: string;
  to: { stage: string; status: string };
}

export function describeTransition(transition: TransitionLike): string {
  return t('common.transition', {
    serial: transition.rackSerial,
    event: eventLabel(transition.eventType),
    stage: stageLabel(transition.stage),
  });
}

/** What the week's verdict banner says, worst first. */
export function verdictOf(progress: { onTrack: boolean; behindPlan: boolean; projectedMiss: boolean }): {
  state: 'on-track' | 'behind' | 'at-risk';
  text: string;
} {
  if (progress.behindPlan) return { state: 'behind', text: t('kpi.verdict.behind') };
  if (progress.projectedMiss) return { state: 'at-risk', text: t('kpi.verdict.atRisk') };
  return { state: 'on-track', text: t('kpi.verdict.onTrack') };
}
