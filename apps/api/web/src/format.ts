// Pure formatting for the dashboard: no DOM, so it is unit-tested with the rest of the code.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const STAGE_LABELS: Record<string, string> = {
  assembly: 'Assembly',
  burn_in: 'Burn-in',
  qa: 'QA',
  ship: 'Ship',
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage.replaceAll('_', ' ').replace(/^./, (first) => first.toUpperCase());
}

export function statusLabel(status: string): string {
  return status.replaceAll('_', ' ');
}

/** Racks are whole: plan figures are shown rounded, actual ones are integers already. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/** `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`: precise enough to act on, short enough to read across a room. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < MINUTE_MS) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)} min`;
  if (ms < DAY_MS) {
    const hours = Math.floor(ms / HOUR_MS);
    return `${hours} h ${String(Math.floor((ms % HOUR_MS) / MINUTE_MS)).padStart(2, '0')} min`;
  }
  return `${Math.floor(ms / DAY_MS)} d ${Math.floor((ms % DAY_MS) / HOUR_MS)} h`;
}

export function formatSeconds(seconds: number | null): string {
  return seconds === null ? '–' : formatDuration(seconds * 1000);
}

export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)} %`;
}

export function formatRate(perHour: number): string {
  return `${perHour.toFixed(1)}/h`;
}

/** Wall-clock time in the site's zone, e.g. `14:03`, or `Tue 14:03` when not today. */
export function formatTime(iso: string, timeZone: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' });
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  const date = (value: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(value);
  return date(at) === date(now) ? time : `${day.format(at)} ${time}`;
}

export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
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
  return `${transition.rackSerial} ${statusLabel(transition.eventType)} at ${stageLabel(transition.stage)}`;
}

/** What the week's verdict banner says, worst first. */
export function verdictOf(progress: { onTrack: boolean; behindPlan: boolean; projectedMiss: boolean }): {
  state: 'on-track' | 'behind' | 'at-risk';
  text: string;
} {
  if (progress.behindPlan) return { state: 'behind', text: 'Behind plan' };
  if (progress.projectedMiss) return { state: 'at-risk', text: 'Projected to miss' };
  return { state: 'on-track', text: 'On track' };
}
