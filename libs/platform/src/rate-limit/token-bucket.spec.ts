import { describe, expect, it } from '@jest/globals';
import { TokenBucketLimiter } from './token-bucket.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const time = clock();
    const sut = new TokenBucketLimiter({ burst: 3, perSecond: 0.5, now: time.now });
    expect([1, 2, 3].map(() => sut.take('a'))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    expect(sut.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    time.advance(1000);
    expect(sut.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1000);
    expect(sut.take('a')).toEqual({ allowed: true, remaining: 0 });
  });

  it('keeps one bucket per key', () => {
    const sut = new TokenBucketLimiter({ burst: 1, perSecond: 1, now: () => 0 });
    expect(sut.take('a').allowed).toBe(true);
    expect(sut.take('a').allowed).toBe(false);
    expect(sut.take('b').allowed).toBe(true);
  });

  it('refills no further than the burst', () => {
    const time = clock();
    const sut = new TokenBucketLimiter({ burst: 2, perSecond: 10, now: time.now });
    sut.take('a');
    time.advance(60_000);
    expect([sut.take('a').allowed, sut.take('a').allowed, sut.take('a').allowed]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets the least recently seen keys beyond its bound, which only ever lets more through', () => {
    const sut = new TokenBucketLimiter({ burst: 1, perSecond: 1, maxKeys: 2, now: () => 0 });
    sut.take('a');
    sut.take('b');
    sut.take('c');
    expect(sut.trackedKeys).toBe(2);
    expect(sut.take('a').allowed).toBe(true);
    expect(sut.take('c').allowed).toBe(false);
  });

  it('takes a refunded token back, never beyond the burst', () => {
    const sut = new TokenBucketLimiter({ burst: 2, perSecond: 0.001, now: () => 0 });
    sut.take('a');
    sut.take('a');
    expect(sut.take('a').allowed).toBe(false);
    sut.refund('a');
    expect(sut.take('a')).toEqual({ allowed: true, remaining: 0 });
    sut.refund('a');
    sut.refund('a');
    sut.refund('a');
    expect([sut.take('a').allowed, sut.take('a').allowed, sut.take('a').allowed]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('lets everything through when turned off', () => {
    const sut = new TokenBucketLimiter({ burst: 1, perSecond: 0 });
    expect(sut.enabled).toBe(false);
    expect([sut.take('a').allowed, sut.take('a').allowed]).toEqual([true, true]);
  });
});
