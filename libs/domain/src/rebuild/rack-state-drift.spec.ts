import { describe, expect, it } from '@jest/globals';
import { compareRackStateHashes, differingFields, hasDrift } from './rack-state-drift.js';

describe('compareRackStateHashes', () => {
  it('counts racks that agree, differ, or exist on one side only, and names them sorted', () => {
    const live = new Map([
      ['RK-3', 'c'],
      ['RK-1', 'a'],
      ['RK-2', 'b'],
      ['RK-9', 'z'],
    ]);
    const rebuilt = new Map([
      ['RK-1', 'a'],
      ['RK-2', 'B'],
      ['RK-3', 'c'],
      ['RK-5', 'e'],
    ]);
    const drift = compareRackStateHashes(live, rebuilt);
    expect(drift.totals).toEqual({ inBoth: 3, agree: 2, differ: 1, onlyLive: 1, onlyRebuilt: 1 });
    expect(drift).toMatchObject({ differing: ['RK-2'], onlyLive: ['RK-9'], onlyRebuilt: ['RK-5'] });
    expect(hasDrift(drift)).toBe(true);
  });

  it('finds no drift between equal maps, including two empty ones', () => {
    const same = new Map([['RK-1', 'a']]);
    expect(hasDrift(compareRackStateHashes(same, new Map(same)))).toBe(false);
    expect(compareRackStateHashes(new Map(), new Map()).totals.inBoth).toBe(0);
  });
});

describe('differingFields', () => {
  it('names the fields whose values differ, treating a missing field as null', () => {
    expect(
      differingFields(
        { stage: 'test', status: 'failed', hold: null, slots: { gpu: 8 } },
        { stage: 'test', status: 'passed', slots: { gpu: 7 } },
      ),
    ).toEqual([
      { field: 'slots', live: { gpu: 8 }, rebuilt: { gpu: 7 } },
      { field: 'status', live: 'failed', rebuilt: 'passed' },
    ]);
  });
});
