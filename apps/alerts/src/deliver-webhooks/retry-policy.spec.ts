import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelayMs, decideAfterAttempt, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  retryAfterMaxMs: 3_600_000,
};
const half = () => 0.5;

describe('backoffDelayMs', () => {
  it('doubles per attempt, up to the cap, jittered within the upper half', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, POLICY, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, POLICY, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelayMs(40, POLICY, () => 1)).toBe(60_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random) => {
          const delay = backoffDelayMs(attempt, POLICY, () => random);
          expect(delay).toBeGreaterThanOrEqual(250);
          expect(delay).toBeLessThanOrEqual(POLICY.maxDelayMs);
        },
      ),
    );
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfterMs('soon', NOW)).toBeNull();
    expect(parseRetryAfterMs(null, NOW)).toBeNull();
  });
});

describe('decideAfterAttempt', () => {
  it('delivers on 2xx', () => {
    expect(
      decideAfterAttempt({ type: 'response', status: 204, retryAfter: null }, 1, POLICY, NOW, half),
    ).toEqual({ outcome: 'delivered', statusCode: 204, at: NOW });
  });

  it('retries 5xx, timeouts and transport errors with backoff', () => {
    expect(
      decideAfterAttempt({ type: 'response', status: 503, retryAfter: null }, 2, POLICY, NOW, half),
    ).toEqual({
      outcome: 'retry',
      statusCode: 503,
      error: 'HTTP 503',
      at: NOW,
      nextAttemptAt: new Date(NOW.getTime() + 1500),
    });
    expect(decideAfterAttempt({ type: 'timeout', timeoutMs: 10_000 }, 1, POLICY, NOW, half)).toMatchObject({
      outcome: 'retry',
      error: 'no response within 10000 ms',
      statusCode: null,
    });
    expect(
      decideAfterAttempt({ type: 'network_error', reason: 'could not connect' }, 1, POLICY, NOW, half),
    ).toMatchObject({ outcome: 'retry', error: 'request failed: could not connect' });
  });

  it('gives up at once on a refused destination: only the operator can change that', () => {
    expect(
      decideAfterAttempt(
        { type: 'refused', reason: 'the host resolves to 10.0.0.1, a private address' },
        1,
        POLICY,
        NOW,
        half,
      ),
    ).toEqual({
      outcome: 'failed',
      statusCode: null,
      error: 'destination refused: the host resolves to 10.0.0.1, a private address; not retried',
      at: NOW,
    });
  });

  it('honours Retry-After on 429, capped', () => {
    expect(
      decideAfterAttempt({ type: 'response', status: 429, retryAfter: '7' }, 1, POLICY, NOW, half),
    ).toMatchObject({ outcome: 'retry', nextAttemptAt: new Date(NOW.getTime() + 7000) });
    expect(
      decideAfterAttempt({ type: 'response', status: 429, retryAfter: '999999' }, 1, POLICY, NOW, half),
    ).toMatchObject({ nextAttemptAt: new Date(NOW.getTime() + 3_600_000) });
    expect(
      decideAfterAttempt({ type: 'response', status: 429, retryAfter: null }, 1, POLICY, NOW, half),
    ).toMatchObject({ nextAttemptAt: new Date(NOW.getTime() + 750) });
  });

  it('gives up at once on other 4xx and on redirects', () => {
    expect(
      decideAfterAttempt({ type: 'response', status: 404, retryAfter: null }, 1, POLICY, NOW, half),
    ).toEqual({ outcome: 'failed', statusCode: 404, error: 'HTTP 404; not retried', at: NOW });
    expect(
      decideAfterAttempt({ type: 'response', status: 302, retryAfter: null }, 1, POLICY, NOW, half),
    ).toMatchObject({ outcome: 'failed', error: 'HTTP 302 (redirects are not followed); not retried' });
  });

  it('gives up after the last attempt', () => {
    expect(
      decideAfterAttempt({ type: 'response', status: 500, retryAfter: null }, 5, POLICY, NOW, half),
    ).toEqual({ outcome: 'failed', statusCode: 500, error: 'HTTP 500; gave up after 5 attempts', at: NOW });
    expect(
      decideAfterAttempt({ type: 'response', status: 429, retryAfter: '1' }, 5, POLICY, NOW, half),
    ).toMatchObject({ outcome: 'failed' });
  });
});
