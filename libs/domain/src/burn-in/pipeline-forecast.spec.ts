import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { forecastWeek, type BurnInPipeline, type WeekForecastInput } from './pipeline-forecast.js';

const HOUR_MS = 3_600_000;
const NOW = new Date('2026-11-26T12:00:00.000Z');
// Four days left in the week.
const WEEK_END = new Date(NOW.getTime() + 96 * HOUR_MS);
const hoursFromNow = (hours: number): Date => new Date(NOW.getTime() + hours * HOUR_MS);

const pipeline = (overrides: Partial<BurnInPipeline> = {}): BurnInPipeline => ({
  soakHours: 72,
  dueTimes: [],
  pastBurnIn: [],
  queued: 0,
  arrivalsPerHour: 0,
  freePositions: 0,
  downstreamHours: 12,
  pullHours: 0,
  awaitingRetest: 0,
  retestHours: 24,
  reworkHours: 0,
  burnInYield: 1,
  ...overrides,
});

const input = (overrides: Partial<WeekForecastInput> = {}): WeekForecastInput => ({
  now: NOW,
  weekEnd: WEEK_END,
  shippedSoFar: 500,
  runRateProjection: 900,
  pipeline: pipeline(),
  ...overrides,
});

describe('forecastWeek', () => {
  it('falls back to the run-rate projection when the pipeline cannot be seen', () => {
    expect(forecastWeek(input({ pipeline: null }))).toMatchObject({ method: 'run_rate', projected: 900 });
  });

  it.each([
    ['a rack past burn-in an hour ago ships (12 h downstream)', { pastBurnIn: [hoursFromNow(-1)] }, 501],
    ['a rack past burn-in long ago ships now', { pastBurnIn: [hoursFromNow(-200)] }, 501],
    ['a rack due in 80 h ships (80 + 12 ≤ 96)', { dueTimes: [hoursFromNow(80)] }, 501],
    ['a rack due in 90 h does not (90 + 12 > 96)', { dueTimes: [hoursFromNow(90)] }, 500],
    ['an overdue rack is due now', { dueTimes: [hoursFromNow(-5)] }, 501],
    [
      'soaking racks count at the measured yield, and those failing at it again after a 24 h retest',
      { dueTimes: [hoursFromNow(1), hoursFromNow(2)], burnInYield: 0.75 },
      // 2 × 0.75 passing + 2 × 0.25 failing × 0.75 passing their retest
      501.9,
    ],
    [
      'a failing rack due too late for rework, retest and downstream counts only at the yield',
      { dueTimes: [hoursFromNow(70)], burnInYield: 0.5 },
      500.5,
    ],
    [
      'a rework time that makes the retest too late leaves it out',
      { dueTimes: [hoursFromNow(50)], burnInYield: 0.5, reworkHours: 20 },
      500.5,
    ],
    ['a rack waiting for its retest in its position ships (24 + 12 ≤ 96)', { awaitingRetest: 2 }, 502],
    ['not when the retest and downstream no longer fit', { awaitingRetest: 2, retestHours: 90 }, 500],
    [
      'racks pulled 2 h after due: one due in 83 h misses (83 + 2 + 12 > 96)',
      { dueTimes: [hoursFromNow(83)], pullHours: 2 },
      500,
    ],
    ['but one due in 81 h makes it', { dueTimes: [hoursFromNow(81)], pullHours: 2 }, 501],
    [
      'the pull time shortens the window for new starts (last useful start 96 − 12 − 11 − 72 = 1 h)',
      { freePositions: 3, queued: 0, arrivalsPerHour: 0.25, pullHours: 11 },
      500.3,
    ],
    [
      'a failing rack keeps its position for the retest: only passes free positions for new starts',
      { dueTimes: [hoursFromNow(5), hoursFromNow(6)], queued: 5, burnInYield: 0.5, retestHours: 90 },
      // 2 × 0.5 soaking + (2 × 0.5 freed) × 0.5 new starts
      501.5,
    ],
    // Last useful start: 96 − 12 − 72 = 12 h from now; 3 free positions but 2 racks queued and none arriving.
    ['free positions start the racks queued', { freePositions: 3, queued: 2 }, 502],
    [
      'and racks arriving before the last useful start',
      { freePositions: 3, queued: 0, arrivalsPerHour: 0.25 },
      503,
    ],
    ['no free position, no new start', { freePositions: 0, queued: 50 }, 500],
    [
      'a position freed before the last useful start takes a new run',
      { dueTimes: [hoursFromNow(10)], queued: 5 },
      502,
    ],
  ] as const)('%s', (_name, overrides, projected) => {
    expect(forecastWeek(input({ pipeline: pipeline(overrides) })).projected).toBe(projected);
  });

  it('starts nothing new once the week is too short for a soak and the downstream time', () => {
    const late = forecastWeek(
      input({ weekEnd: hoursFromNow(60), pipeline: pipeline({ freePositions: 10, queued: 10 }) }),
    );

    expect(late).toMatchObject({ projected: 500, fromNewStarts: 0, lastUsefulStart: null });
  });

  it('explains its parts', () => {
    const forecast = forecastWeek(
      input({
        pipeline: pipeline({
          pastBurnIn: [hoursFromNow(-1)],
          dueTimes: [hoursFromNow(5)],
          freePositions: 1,
          queued: 1,
        }),
      }),
    );

    expect(forecast).toMatchObject({
      method: 'pipeline',
      projected: 503,
      fromPastBurnIn: 1,
      fromSoaking: 1,
      fromNewStarts: 1,
    });
    expect(forecast.explanation).toContain('500 shipped + 1 past burn-in + 1 soaking due in time');
  });
});

describe('forecastWeek properties', () => {
  const pipelines = fc.record({
    soakHours: fc.integer({ min: 1, max: 120 }),
    dueTimes: fc.array(fc.integer({ min: -50, max: 200 }).map(hoursFromNow), { maxLength: 40 }),
    pastBurnIn: fc.array(fc.integer({ min: -100, max: 0 }).map(hoursFromNow), { maxLength: 40 }),
    queued: fc.integer({ min: 0, max: 100 }),
    arrivalsPerHour: fc.double({ min: 0, max: 20, noNaN: true }),
    freePositions: fc.integer({ min: 0, max: 100 }),
    downstreamHours: fc.option(fc.double({ min: 0, max: 72, noNaN: true }), { nil: null }),
    pullHours: fc.option(fc.double({ min: 0, max: 12, noNaN: true }), { nil: null }),
    awaitingRetest: fc.integer({ min: 0, max: 20 }),
    retestHours: fc.integer({ min: 1, max: 72 }),
    reworkHours: fc.option(fc.double({ min: 0, max: 48, noNaN: true }), { nil: null }),
    burnInYield: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  });

  it('never projects below what shipped, nor above what could physically ship', () => {
    fc.assert(
      fc.property(pipelines, fc.integer({ min: 0, max: 2000 }), (line, shipped) => {
        const forecast = forecastWeek(input({ shippedSoFar: shipped, pipeline: line }));
        const ceiling =
          shipped +
          line.pastBurnIn.length +
          line.dueTimes.length +
          line.awaitingRetest +
          Math.min(line.freePositions + line.dueTimes.length, line.queued + line.arrivalsPerHour * 96);
        expect(forecast.projected).toBeGreaterThanOrEqual(shipped);
        expect(forecast.projected).toBeLessThanOrEqual(ceiling + 0.05);
      }),
    );
  });

  it('never projects fewer racks with more free positions, nor with a higher yield', () => {
    fc.assert(
      fc.property(
        pipelines,
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (line, more, better) => {
          const base = forecastWeek(input({ pipeline: line })).projected;
          expect(
            forecastWeek(input({ pipeline: { ...line, freePositions: line.freePositions + more } }))
              .projected,
          ).toBeGreaterThanOrEqual(base);
          const yieldNow = line.burnInYield ?? 1;
          const higher = { ...line, burnInYield: Math.min(1, yieldNow + better) };
          expect(forecastWeek(input({ pipeline: higher })).projected).toBeGreaterThanOrEqual(base - 0.05);
        },
      ),
    );
  });
});
