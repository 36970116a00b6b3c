import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SHIFT_CALENDAR, ShiftCalendar } from './shift-calendar.js';
import {
  computeThroughputSnapshot,
  throughputWindows,
  type ThroughputCounts,
} from './throughput-snapshot.js';
import { WeeklyTargetPolicy } from './weekly-target-policy.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday noon UTC, pinned
const STAGES = ['assembly', 'burn_in', 'qa', 'ship'];

const COUNTS: ThroughputCounts = {
  completedThisWeek: 300,
  completedInRunRateWindow: 40,
  stages: [
    { stage: 'assembly', passedThisWeek: 360, passedInRunRateWindow: 48 },
    { stage: 'burn_in', passedThisWeek: 330, passedInRunRateWindow: 20 },
    { stage: 'qa', passedThisWeek: 310, passedInRunRateWindow: 40 },
    { stage: 'ship', passedThisWeek: 300, passedInRunRateWindow: 40 },
    { stage: 'rework_bay', passedThisWeek: 3, passedInRunRateWindow: 1 },
  ],
  // burn_in: 50 racks tested, 41 passed first time.
  firstOutcomes: [
    { stage: 'burn_in', model: 'gb200', passedFirstTime: true, attempts: 1, racks: 41 },
    { stage: 'burn_in', model: 'gb200', passedFirstTime: false, attempts: 2, racks: 9 },
  ],
};

describe('computeThroughputSnapshot (Wednesday noon, every hour a production hour)', () => {
  const calendar = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);
  const windows = throughputWindows(calendar, NOW, 8);
  const snapshot = computeThroughputSnapshot({
    calendar,
    targets: new WeeklyTargetPolicy([
      { weeklyTarget: 1000, effectiveFrom: new Date('2026-01-01T00:00:00Z') },
    ]),
    windows,
    counts: COUNTS,
    stageOrder: STAGES,
  });

  it('measures the run rate over the last 8 production hours', () => {
    expect(windows.runRate).toEqual({ start: new Date('2026-11-25T04:00:00Z'), end: NOW });
    expect(snapshot.runRate).toEqual({
      perHour: 5,
      windowStart: new Date('2026-11-25T04:00:00Z'),
      windowProductionHours: 8,
    });
  });

  it('computes expected, actual and the projection by hand', () => {
    expect(snapshot.productionHours).toEqual({ week: 168, elapsed: 60, remaining: 108 });
    expect(snapshot.expectedByNow).toBeCloseTo(357.142857, 5);
    expect(snapshot.actual).toBe(300);
    // 300 done + 5 an hour for the 108 hours left.
    expect(snapshot.projected).toBe(840);
    expect(snapshot.weekTarget).toBeCloseTo(1000, 9);
    expect(snapshot.plannedRatePerHour).toBeCloseTo(1000 / 168, 9);
  });

  it('reports each stage’s output and first-pass yield, route order first', () => {
    expect(snapshot.stages).toEqual([
      { stage: 'assembly', passedThisWeek: 360, ratePerHour: 6, tested: 0, firstPassYield: null },
      { stage: 'burn_in', passedThisWeek: 330, ratePerHour: 2.5, tested: 50, firstPassYield: 0.82 },
      { stage: 'qa', passedThisWeek: 310, ratePerHour: 5, tested: 0, firstPassYield: null },
      { stage: 'ship', passedThisWeek: 300, ratePerHour: 5, tested: 0, firstPassYield: null },
      { stage: 'rework_bay', passedThisWeek: 3, ratePerHour: 0.125, tested: 0, firstPassYield: null },
    ]);
  });
});

describe('computeThroughputSnapshot with shift gaps', () => {
  it('projects over production hours left, not wall-clock hours', () => {
    const calendar = ShiftCalendar.of({
      timeZone: 'UTC',
      weekStartsOn: 'monday',
      shifts: {
        monday: [{ start: '08:00', end: '16:00' }],
        tuesday: [{ start: '08:00', end: '16:00' }],
        wednesday: [{ start: '08:00', end: '16:00' }],
      },
      holidays: [],
    });
    const now = new Date('2026-11-24T20:00:00Z'); // Tuesday evening, after the shift
    const snapshot = computeThroughputSnapshot({
      calendar,
      targets: new WeeklyTargetPolicy([
        { weeklyTarget: 240, effectiveFrom: new Date('2026-01-01T00:00:00Z') },
      ]),
      windows: throughputWindows(calendar, now, 8),
      counts: { completedThisWeek: 150, completedInRunRateWindow: 80, stages: [], firstOutcomes: [] },
      stageOrder: [],
    });
    expect(snapshot.productionHours).toEqual({ week: 24, elapsed: 16, remaining: 8 });
    expect(snapshot.expectedByNow).toBeCloseTo(160, 9);
    expect(snapshot.runRate.windowStart).toEqual(new Date('2026-11-24T08:00:00Z'));
    expect(snapshot.projected).toBe(150 + 10 * 8);
  });
});
