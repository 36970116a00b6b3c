import type { SimulationStats } from '../simulation.js';

const WIDTH = 24;

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function formatSimTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** One status line: how far, how fast, what ingest answered. `fraction` is null for open-ended runs. */
export function renderProgress(
  stats: SimulationStats,
  fraction: number | null,
  eventsPerSecond: number,
  elapsedMs: number,
): string {
  const refused = Object.values(stats.refused).reduce((sum, count) => sum + count, 0);
  const head =
    fraction === null
      ? `${formatElapsed(elapsedMs)}`
      : `[${'#'.repeat(Math.round(Math.min(1, fraction) * WIDTH)).padEnd(WIDTH, '-')}] ${String(Math.floor(Math.min(1, fraction) * 100)).padStart(3)}%`;
  return (
    `${head} ${formatCount(stats.answered)} posted · ${formatCount(Math.round(eventsPerSecond))} ev/s · sim ${formatSimTime(stats.simNow)} UTC` +
    ` · accepted ${formatCount(stats.accepted)} dup ${formatCount(stats.duplicateAnswers)} refused ${formatCount(refused)}` +
    ` · retries ${formatCount(stats.retries)} · queued ${formatCount(stats.queued + stats.inFlight)}`
  );
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

/**
 * Redraws the status line in place on a terminal; writes a plain line every few seconds when the output is a
 * file or a pipe (the `npm run system` log), so the log stays readable.
 */
export class ProgressBar {
  private lastLineAt = 0;
  private drawn = false;
  private readonly isTty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly plainEveryMs = 10_000,
  ) {
    this.isTty = Boolean(stream.isTTY);
  }

  update(line: string): void {
    if (this.isTty) {
      const columns = this.stream.columns ?? 160;
      this.stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length))}\u001b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastLineAt < this.plainEveryMs) return;
    this.lastLineAt = now;
    this.stream.write(`${line}\n`);
  }

  /** A line of its own above the bar (the bar is redrawn on the next update). */
  print(line: string): void {
    if (this.isTty && this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
    this.stream.write(`${line}\n`);
  }

  done(): void {
    if (this.isTty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
