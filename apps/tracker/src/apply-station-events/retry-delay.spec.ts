import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [8, 30000],
    [1000, 30000],
  ])('attempt %i waits up to %i ms, capped at 30 s', (attempt, expected) => {
    expect(retryDelayMs(attempt, 30000, () => 1)).toBe(expected);
    expect(retryDelayMs(attempt, 30000, () => 0)).toBe(Math.round(expected * 0.8));
  });

  it('never waits less than 200 ms: no tight loop', () => {
    for (let attempt = 1; attempt < 50; attempt += 1)
      expect(retryDelayMs(attempt, 30000)).toBeGreaterThanOrEqual(200);
  });
});
