import type { AttemptRecord } from '#persistence';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Cap on a receiver's Retry-After. */
  retryAfterMaxMs: number;
}

/** A transport failure, as a fixed category: never the socket's own error text (see networkFailureOf). */
export type NetworkFailure = 'could not resolve the host name' | 'could not connect' | 'TLS handshake failed';

/** What one HTTP attempt came to, before deciding what to do about it. */
export type AttemptResult =
  | { type: 'response'; status: number; retryAfter: string | null }
  | { type: 'timeout'; timeoutMs: number }
  | { type: 'network_error'; reason: NetworkFailure }
  /** The destination policy refused the URL's host or an address it resolved to; nothing was sent. */
  | { type: 'refused'; reason: string };

/**
 * Exponential backoff with "equal jitter": half of the doubled delay is kept, the other half is random, so
 * retries after a chat outage spread out instead of arriving together, yet never come back too soon.
 * `attempt` is the attempt that just failed (1 for the first).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/**
 * What happens after an attempt: success; a retry on 5xx, 429 and transport failures (429 waits as long
 * as the receiver asked); or giving up, at once on any other status (the request itself is wrong and
 * repeating it will not help) or a refused destination (only the operator can change that), and after
 * `maxAttempts` otherwise. Error texts never contain the URL.
 */
export function decideAfterAttempt(
  result: AttemptResult,
  attempts: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number,
): AttemptRecord {
  if (result.type === 'response' && result.status >= 200 && result.status < 300) {
    return { outcome: 'delivered', statusCode: result.status, at: now };
  }
  if (result.type === 'refused') {
    return {
      outcome: 'failed',
      statusCode: null,
      error: `destination refused: ${result.reason}; not retried`,
      at: now,
    };
  }
  const statusCode = result.type === 'response' ? result.status : null;
  const error =
    result.type === 'response'
      ? `HTTP ${result.status}`
      : result.type === 'timeout'
        ? `no response within ${result.timeoutMs} ms`
        : `request failed: ${result.reason}`;
  const retryable =
    result.type !== 'response' || result.status === 429 || (result.status >= 500 && result.status <= 599);
  if (!retryable) {
    const why =
      statusCode !== null && statusCode >= 300 && statusCode < 400
        ? `${error} (redirects are not followed)`
        : error;
    return { outcome: 'failed', statusCode, error: `${why}; not retried`, at: now };
  }
  if (attempts >= policy.maxAttempts) {
    return { outcome: 'failed', statusCode, error: `${error}; gave up after ${attempts} attempts`, at: now };
  }
  const asked =
    result.type === 'response' && result.status === 429 ? parseRetryAfterMs(result.retryAfter, now) : null;
  const delay =
    asked !== null ? Math.min(asked, policy.retryAfterMaxMs) : backoffDelayMs(attempts, policy, random);
  return { outcome: 'retry', statusCode, error, at: now, nextAttemptAt: new Date(now.getTime() + delay) };
}
