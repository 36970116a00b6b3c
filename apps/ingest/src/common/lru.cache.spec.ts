import { describe, expect, it } from '@jest/globals';
import { LruCache } from './lru.cache.js';

/** A cache on a clock the test moves: `at(ms)` sets the time and hands the cache back. */
function cacheAt(start: number, ttlMs: number) {
  let now = start;
  const sut = new LruCache<string, string>({ maxEntries: 10, ttlMs, now: () => now });
  const at = (ms: number) => {
    now = ms;
    return sut;
  };
  return { sut, at };
}

describe('LruCache', () => {
  it('evicts the least recently used entry when full', () => {
    const sut = new LruCache<string, number>({ maxEntries: 2 });
    sut.set('a', 1);
    sut.set('b', 2);
    expect(sut.get('a')).toBe(1); // a is now the most recent
    sut.set('c', 3);
    expect(sut.get('b')).toBeUndefined();
    expect(sut.get('a')).toBe(1);
    expect(sut.get('c')).toBe(3);
    expect(sut.size).toBe(2);
  });

  it('overwriting a key refreshes it instead of growing', () => {
    const sut = new LruCache<string, number>({ maxEntries: 2 });
    sut.set('a', 1);
    sut.set('b', 2);
    sut.set('a', 10);
    sut.set('c', 3);
    expect(sut.get('a')).toBe(10);
    expect(sut.get('b')).toBeUndefined();
  });

  it('treats entries older than the TTL as absent', () => {
    const { sut, at } = cacheAt(1000, 500);
    sut.set('token', 'station');
    expect(at(1499).get('token')).toBe('station');
    expect(at(1500).get('token')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('a read does not extend the TTL', () => {
    const { sut, at } = cacheAt(0, 100);
    sut.set('k', 'v');
    expect(at(90).get('k')).toBe('v');
    expect(at(100).get('k')).toBeUndefined();
  });

  it('stores nothing when sized 0', () => {
    const sut = new LruCache<string, number>({ maxEntries: 0 });
    sut.set('a', 1);
    expect(sut.get('a')).toBeUndefined();
  });

  it('deletes every entry matching a predicate', () => {
    const sut = new LruCache<string, { stationId: string }>({ maxEntries: 10 });
    sut.set('t1', { stationId: 'A' });
    sut.set('t2', { stationId: 'B' });
    sut.set('t3', { stationId: 'A' });
    sut.deleteWhere((station) => station.stationId === 'A');
    expect(sut.get('t1')).toBeUndefined();
    expect(sut.get('t3')).toBeUndefined();
    expect(sut.get('t2')).toEqual({ stationId: 'B' });
  });
});
