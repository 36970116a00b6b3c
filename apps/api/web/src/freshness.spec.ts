import { describe, expect, it } from '@jest/globals';
import { StreamFreshness } from './freshness.js';

describe('stream freshness', () => {
  it('is fresh until two keep-alive intervals pass in silence, then stale since the last word', () => {
    const freshness = new StreamFreshness();
    expect(freshness.staleSince(1_000_000)).toBeNull();
    freshness.heard(1_000, 2_000);
    expect(freshness.staleSince(5_000)).toBeNull();
    expect(freshness.staleSince(5_001)).toBe(1_000);
    freshness.heard(6_000);
    expect(freshness.staleSince(9_000)).toBeNull();
  });

  it('keeps the interval it knows when told a nonsense one', () => {
    const freshness = new StreamFreshness();
    freshness.heard(0, 1_000);
    freshness.heard(0, Number.NaN);
    expect(freshness.staleSince(2_001)).toBe(0);
  });
});
