import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toIsoInstant } from './iso-instant.js';

describe('toIsoInstant', () => {
  it('writes exactly what toISOString writes, for any date', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(toIsoInstant(date)).toBe(date.toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['the epoch', '1970-01-01T00:00:00.000Z'],
    ['a leap day', '2028-02-29T23:59:59.999Z'],
    ['single-digit milliseconds', '2026-12-07T08:05:03.007Z'],
    ['two-digit milliseconds', '2026-12-07T08:05:03.070Z'],
    ['the last four-digit year', '9999-12-31T23:59:59.999Z'],
    ['the first four-digit year it writes itself', '1000-01-01T00:00:00.000Z'],
    ['a year below 1000', '0999-12-31T23:59:59.999Z'],
    ['a year after 9999', '+010000-01-01T00:00:00.000Z'],
    ['a year before 0', '-000001-01-01T00:00:00.000Z'],
  ])('writes %s as toISOString does', (_, text) => {
    expect(toIsoInstant(new Date(text))).toBe(text);
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => toIsoInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});
