import { describe, expect, it } from '@jest/globals';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('admits an id once and forgets the oldest beyond its capacity', () => {
    const sut = new RecentIds(2);
    expect(['a', 'a', 'b', 'c', 'b', 'a'].map((id) => sut.firstSighting(id))).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });
});
