import { describe, expect, it } from '@jest/globals';
import { burnInRuns, timeInStates, withinLimits, type TimelineTransition } from './rack-timeline.js';

const T0 = Date.UTC(2026, 10, 20, 8, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0 + ms);

/** A transition `ms` after T0 into (stage, status), from the one before it. */
function step(
  ms: number,
  eventType: string,
  to: [stage: string, status: string],
  from: [stage: string, status: string] | null = null,
  location: [cell: string, position: number] | null = null,
): TimelineTransition {
  return {
    eventType,
    stage: to[0],
    fromStage: from?.[0] ?? null,
    fromStatus: from?.[1] ?? null,
    toStage: to[0],
    toStatus: to[1],
    occurredAt: at(ms),
    locationCell: location?.[0] ?? null,
    locationPosition: location?.[1] ?? null,
  };
}

describe('timeInStates', () => {
  const cases: {
    name: string;
    history: TimelineTransition[];
    now: number;
    expected: { stage: string; status: string; seconds: number; visits: number }[];
  }[] = [
    { name: 'no history, nothing to count', history: [], now: HOUR, expected: [] },
    {
      name: 'the current state counts up to now',
      history: [step(0, 'started', ['assembly', 'in_progress'])],
      now: 90 * MINUTE,
      expected: [{ stage: 'assembly', status: 'in_progress', seconds: 5400, visits: 1 }],
    },
    {
      name: 'each state lasts until the next transition',
      history: [
        step(0, 'started', ['assembly', 'in_progress']),
        step(30 * MINUTE, 'passed', ['assembly', 'passed'], ['assembly', 'in_progress']),
        step(40 * MINUTE, 'started', ['qa', 'in_progress'], ['assembly', 'passed']),
      ],
      now: HOUR,
      expected: [
        { stage: 'assembly', status: 'in_progress', seconds: 1800, visits: 1 },
        { stage: 'assembly', status: 'passed', seconds: 600, visits: 1 },
        { stage: 'qa', status: 'in_progress', seconds: 1200, visits: 1 },
      ],
    },
    {
      name: 'a state entered twice adds both visits, in the order first entered',
      history: [
        step(0, 'started', ['qa', 'in_progress']),
        step(10 * MINUTE, 'hold', ['qa', 'on_hold'], ['qa', 'in_progress']),
        step(25 * MINUTE, 'release', ['qa', 'in_progress'], ['qa', 'on_hold']),
        step(45 * MINUTE, 'hold', ['qa', 'on_hold'], ['qa', 'in_progress']),
      ],
      now: HOUR,
      expected: [
        { stage: 'qa', status: 'in_progress', seconds: 1800, visits: 2 },
        { stage: 'qa', status: 'on_hold', seconds: 1800, visits: 2 },
      ],
    },
    {
      name: 'an install leaves the rack where it is: the same visit goes on',
      history: [
        step(0, 'started', ['assembly', 'in_progress']),
        step(10 * MINUTE, 'component_installed', ['assembly', 'in_progress'], ['assembly', 'in_progress']),
        step(20 * MINUTE, 'passed', ['assembly', 'passed'], ['assembly', 'in_progress']),
      ],
      now: HOUR,
      expected: [
        { stage: 'assembly', status: 'in_progress', seconds: 1200, visits: 1 },
        { stage: 'assembly', status: 'passed', seconds: 2400, visits: 1 },
      ],
    },
    {
      name: 'a shipped rack stops the clock when it ships',
      history: [
        step(0, 'started', ['pack', 'in_progress']),
        step(HOUR, 'completed', ['pack', 'shipped'], ['pack', 'in_progress']),
      ],
      now: 100 * HOUR,
      expected: [
        { stage: 'pack', status: 'in_progress', seconds: 3600, visits: 1 },
        { stage: 'pack', status: 'shipped', seconds: 0, visits: 1 },
      ],
    },
    {
      name: "a terminal's clock stepping back counts as zero, never negative",
      history: [
        step(HOUR, 'started', ['assembly', 'in_progress']),
        step(30 * MINUTE, 'passed', ['assembly', 'passed'], ['assembly', 'in_progress']),
      ],
      now: 2 * HOUR,
      expected: [
        { stage: 'assembly', status: 'in_progress', seconds: 0, visits: 1 },
        { stage: 'assembly', status: 'passed', seconds: 5400, visits: 1 },
      ],
    },
  ];

  it.each(cases)('$name', ({ history, now, expected }) => {
    expect(timeInStates(history, at(now))).toEqual(expected);
  });

  it('adds up to the time from the first event to now for a rack still on the line', () => {
    const history = [
      step(0, 'started', ['assembly', 'in_progress']),
      step(17 * MINUTE, 'passed', ['assembly', 'passed'], ['assembly', 'in_progress']),
      step(50 * MINUTE, 'started', ['qa', 'in_progress'], ['assembly', 'passed']),
    ];
    const total = timeInStates(history, at(3 * HOUR)).reduce((sum, entry) => sum + entry.seconds, 0);
    expect(total).toBe(3 * 3600);
  });
});

describe('burnInRuns', () => {
  const dwell = { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } };
  const start = (ms: number, from: [string, string] = ['qa', 'passed']) =>
    step(ms, 'started', ['burn_in', 'in_progress'], from, ['BI-A1', 12]);

  const cases: {
    name: string;
    history: TimelineTransition[];
    now: number;
    expected: {
      outcome: string;
      soakedHours: number;
      requiredHours: number;
      endedAt: number | null;
      retest: boolean;
    }[];
  }[] = [
    {
      name: 'no dwell stage visited, no runs',
      history: [step(0, 'started', ['qa', 'in_progress'])],
      now: HOUR,
      expected: [],
    },
    {
      name: 'a run in progress soaks until now',
      history: [start(0)],
      now: 10 * HOUR,
      expected: [{ outcome: 'running', soakedHours: 10, requiredHours: 72, endedAt: null, retest: false }],
    },
    {
      name: 'a hold stops the clock and a release restarts it',
      history: [
        start(0),
        step(10 * HOUR, 'hold', ['burn_in', 'on_hold'], ['burn_in', 'in_progress']),
        step(14 * HOUR, 'release', ['burn_in', 'in_progress'], ['burn_in', 'on_hold']),
        step(80 * HOUR, 'passed', ['burn_in', 'passed'], ['burn_in', 'in_progress']),
      ],
      now: 90 * HOUR,
      expected: [
        { outcome: 'passed', soakedHours: 76, requiredHours: 72, endedAt: 80 * HOUR, retest: false },
      ],
    },
    {
      name: 'a failed run, then its retest after rework held to the retest minimum',
      history: [
        start(0),
        step(30 * HOUR, 'failed', ['burn_in', 'failed'], ['burn_in', 'in_progress']),
        step(31 * HOUR, 'rework_started', ['burn_in', 'rework'], ['burn_in', 'failed']),
        step(33 * HOUR, 'rework_completed', ['burn_in', 'waiting'], ['burn_in', 'rework']),
        start(34 * HOUR, ['burn_in', 'waiting']),
      ],
      now: 40 * HOUR,
      expected: [
        { outcome: 'failed', soakedHours: 30, requiredHours: 72, endedAt: 30 * HOUR, retest: false },
        { outcome: 'running', soakedHours: 6, requiredHours: 24, endedAt: null, retest: true },
      ],
    },
    {
      name: 'a rack scrapped while on hold aborts the run, the hold not soaked',
      history: [
        start(0),
        step(5 * HOUR, 'hold', ['burn_in', 'on_hold'], ['burn_in', 'in_progress']),
        step(20 * HOUR, 'scrap', ['burn_in', 'scrapped'], ['burn_in', 'on_hold']),
      ],
      now: 30 * HOUR,
      expected: [
        { outcome: 'aborted', soakedHours: 5, requiredHours: 72, endedAt: 20 * HOUR, retest: false },
      ],
    },
  ];

  it.each(cases)('$name', ({ history, now, expected }) => {
    const sut = burnInRuns(history, dwell, at(now));
    expect(
      sut.map(({ outcome, soakedHours, requiredHours, endedAt, retest }) => ({
        outcome,
        soakedHours,
        requiredHours,
        endedAt: endedAt === null ? null : endedAt.getTime() - T0,
        retest,
      })),
    ).toEqual(expected);
  });

  it('says where the run soaked, from its start', () => {
    expect(burnInRuns([start(0)], dwell, at(HOUR))[0]).toMatchObject({
      stage: 'burn_in',
      cell: 'BI-A1',
      position: 12,
      startedAt: at(0),
    });
  });
});

describe('withinLimits', () => {
  it.each([
    { low: 10, high: 20, passed: true, expected: true },
    { low: null, high: 20, passed: false, expected: false },
    { low: 10, high: null, passed: true, expected: true },
    { low: null, high: null, passed: true, expected: null },
  ])('low $low, high $high, passed $passed: $expected', ({ expected, ...measurement }) => {
    expect(withinLimits(measurement)).toBe(expected);
  });
});
