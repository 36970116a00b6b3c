import { describe, expect, it } from '@jest/globals';
import { isoWeekOf, isoWeekWindow } from './iso-week.js';

describe('ISO weeks', () => {
  it('turns a week label into Monday 00:00 UTC to the next Monday', () => {
    expect(isoWeekWindow('2026-W48')).toEqual({
      week: '2026-W48',
      from: new Date('2026-11-23T00:00:00.000Z'),
      to: new Date('2026-11-30T00:00:00.000Z'),
    });
  });

  it('follows the ISO year across new year', () => {
    expect(isoWeekWindow('2026-W01')?.from).toEqual(new Date('2025-12-29T00:00:00.000Z'));
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
  });

  it('refuses weeks a year does not have', () => {
    expect(isoWeekWindow('2025-W53')).toBeNull();
    expect(isoWeekWindow('2026-W00')).toBeNull();
    expect(isoWeekWindow('2026-48')).toBeNull();
  });

  it('names the week a moment falls in, Sunday night included', () => {
    expect(isoWeekOf(new Date('2026-11-29T23:59:59.999Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-30T00:00:00.000Z'))).toBe('2026-W49');
  });
});
