import { describe, expect, it } from '@jest/globals';
import type { FirstOutcomeGroup } from '../throughput/first-pass-yield.js';
import { pareto, retestDistribution, type FailureGroup } from './failure-analysis.js';

const group = (key: string, failures: number, racks = failures): FailureGroup => ({
  key,
  failures,
  racks,
  label: null,
  country: null,
  partNumbers: null,
});

describe('pareto', () => {
  it('orders groups largest first with shares and the cumulative curve', () => {
    const sut = pareto([group('PSU-33K', 1), group('GPU-B200', 6), group('NIC-CX8', 3)], 10);
    expect(sut.totalFailures).toBe(10);
    expect(sut.entries.map((entry) => [entry.key, entry.share, entry.cumulativeShare])).toEqual([
      ['GPU-B200', 0.6, 0.6],
      ['NIC-CX8', 0.3, 0.9],
      ['PSU-33K', 0.1, 1],
    ]);
    expect(sut).toMatchObject({ otherFailures: 0, otherGroups: 0 });
  });

  it('cuts at the limit and sums the rest, so the figures still add up to the total', () => {
    const sut = pareto([group('a', 5), group('b', 3), group('c', 1), group('d', 1)], 2);
    expect(sut.entries.map((entry) => entry.key)).toEqual(['a', 'b']);
    expect(sut.entries[1]!.cumulativeShare).toBe(0.8);
    expect(sut).toMatchObject({ totalFailures: 10, otherFailures: 2, otherGroups: 2 });
  });

  it('breaks ties by key so the chart does not reshuffle between calls', () => {
    expect(pareto([group('z', 2), group('a', 2)], 5).entries.map((entry) => entry.key)).toEqual(['a', 'z']);
  });

  it('is empty, not NaN, when nothing failed', () => {
    expect(pareto([], 5)).toEqual({ totalFailures: 0, entries: [], otherFailures: 0, otherGroups: 0 });
  });
});

const outcome = (
  stage: string,
  model: string,
  passedFirstTime: boolean,
  attempts: number,
  racks: number,
): FirstOutcomeGroup => ({
  stage,
  model,
  passedFirstTime,
  attempts,
  racks,
});

describe('retests', () => {
  const rows = [
    outcome('burn_in', 'gb200', true, 1, 90),
    outcome('burn_in', 'gb200', false, 2, 8),
    outcome('burn_in', 'gb200', false, 3, 2),
    outcome('burn_in', 'gb300', true, 1, 45),
    outcome('burn_in', 'gb300', false, 2, 5),
    outcome('qa', 'gb200', true, 1, 100),
    outcome('assembly', 'gb200', true, 1, 100),
  ];

  it('counts racks by how many retests a stage needed', () => {
    const burnIn = retestDistribution(rows).find((entry) => entry.stage === 'burn_in');
    expect(burnIn).toEqual({
      stage: 'burn_in',
      racks: 150,
      meanRetests: (13 * 1 + 2 * 2) / 150,
      distribution: [
        { retests: 0, racks: 135 },
        { retests: 1, racks: 13 },
        { retests: 2, racks: 2 },
      ],
    });
  });
});
