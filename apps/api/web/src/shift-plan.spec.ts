import { describe, expect, it } from '@jest/globals';
import { neededRateText, shiftGap, shortfallText, weekGap, type PlanProgress } from './shift-plan.js';

const progress = (fields: Partial<PlanProgress>): PlanProgress =>
  ({
    actual: 10,
    expectedByNow: 17.6,
    runRate: { perHour: 5.94, windowHours: 8 },
    byShift: [],
    ...fields,
  }) as PlanProgress;

describe('what the shifts panel says about the plan', () => {
  it("takes the api's gap, else counts it from expected and shipped, never below zero", () => {
    expect(weekGap(progress({ gap: 7 }))).toBe(7);
    expect(weekGap(progress({}))).toBe(8);
    expect(weekGap(progress({ actual: 30 }))).toBe(0);
    expect(shortfallText(progress({ gap: 1 }))).toBe('1 rack short');
    expect(shortfallText(progress({ gap: 12_345 }))).toBe('12,345 racks short');
    expect(shortfallText(progress({ gap: 0 }))).toBe('');
  });

  it('says the rate still needed beside the one running, or that no hours are left', () => {
    const needed = { racks: 100, productionHoursLeft: 13.5, perHour: 7.407 };
    expect(neededRateText(progress({ needed }))).toBe('needs 7.4/h for the rest of the week, running 5.9/h');
    expect(neededRateText(progress({ needed: { ...needed, perHour: null } }))).toBe(
      'no production hours left this week, running 5.9/h',
    );
  });

  it("measures a shift's gap against its own due-now", () => {
    const shift = { due: 5, expectedByNow: 4.6, actual: 3 } as PlanProgress['byShift'][number];
    expect(shiftGap(shift)).toBe(2);
    expect(shiftGap({ ...shift, actual: 9 })).toBe(0);
  });
});
