/**
 * Exponential backoff for a database that is away: 250 ms, 500 ms, 1 s … up to `maxMs`, with up to 20 %
 * jitter so that trackers restarted together do not knock together.
 */
export function retryDelayMs(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, 250 * 2 ** Math.min(attempt - 1, 20));
  return Math.round(exponential * (0.8 + 0.2 * random()));
}
