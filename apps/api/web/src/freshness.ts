// Whether the page's figures can still be trusted: the stream says something (an event or its keep-alive) at
// least every keep-alive interval, so silence for two intervals means the figures may no longer be current.

/** What the api's stream uses unless its `hello` says otherwise (LIVE_KEEPALIVE_MS). */
export const DEFAULT_KEEP_ALIVE_MS = 15_000;
const MISSED_KEEP_ALIVES = 2;

/** Since when the figures are stale (the last time anything was heard), or null while they are fresh. */
export function staleSince(lastHeardMs: number, keepAliveMs: number, nowMs: number): number | null {
  return nowMs - lastHeardMs > MISSED_KEEP_ALIVES * keepAliveMs ? lastHeardMs : null;
}

/** Remembers when the stream was last heard from and how often it promised to speak. */
export class StreamFreshness {
  private lastHeardMs: number | null = null;
  private keepAliveMs = DEFAULT_KEEP_ALIVE_MS;

  /** Any event, keep-alives included; `hello` also tells the interval. */
  heard(nowMs: number, keepAliveMs?: number): void {
    this.lastHeardMs = nowMs;
    if (keepAliveMs !== undefined && Number.isFinite(keepAliveMs) && keepAliveMs > 0)
      this.keepAliveMs = keepAliveMs;
  }

  /** When the page last knew its figures were current; null before the stream first spoke. */
  lastHeard(): number | null {
    return this.lastHeardMs;
  }

  staleSince(nowMs: number): number | null {
    return this.lastHeardMs === null ? null : staleSince(this.lastHeardMs, this.keepAliveMs, nowMs);
  }
}
