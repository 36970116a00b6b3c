import { describe, expect, it } from '@jest/globals';
import { firstPassYield, type FirstOutcomeGroup } from './first-pass-yield.js';

const group = (
  stage: string,
  model: string,
  passedFirstTime: boolean,
  attempts: number,
  racks: number,
): FirstOutcomeGroup => ({ stage, model, passedFirstTime, attempts, racks });

describe('first-pass yield', () => {
  it.each([
    { name: 'nothing tested', outcomes: [], byStage: [] },
    {
      name: 'every rack passed at its first outcome',
      outcomes: [group('burn_in', 'gb200', true, 1, 12)],
      byStage: [{ stage: 'burn_in', tested: 12, passedFirstTime: 12, firstPassYield: 1 }],
    },
    {
      name: 'a rack that failed and passed after rework is tested, not a first pass',
      outcomes: [group('burn_in', 'gb200', true, 1, 3), group('burn_in', 'gb200', false, 2, 1)],
      byStage: [{ stage: 'burn_in', tested: 4, passedFirstTime: 3, firstPassYield: 0.75 }],
    },
    {
      name: 'a rack still failing counts the same as one that passed later',
      outcomes: [group('qa', 'gb200', false, 1, 1), group('qa', 'gb200', false, 3, 1)],
      byStage: [{ stage: 'qa', tested: 2, passedFirstTime: 0, firstPassYield: 0 }],
    },
    {
      name: 'models and retest counts add up per stage',
      outcomes: [
        group('burn_in', 'gb200', true, 1, 90),
        group('burn_in', 'gb200', false, 2, 8),
        group('burn_in', 'gb200', false, 3, 2),
        group('burn_in', 'gb300', true, 1, 45),
        group('burn_in', 'gb300', false, 2, 5),
      ],
      byStage: [{ stage: 'burn_in', tested: 150, passedFirstTime: 135, firstPassYield: 0.9 }],
    },
    {
      name: 'stages in route order, then stages off the default route alphabetically',
      outcomes: [
        group('zeta', 'm', true, 1, 1),
        group('qa', 'm', true, 1, 1),
        group('alpha', 'm', false, 2, 1),
        group('assembly', 'm', true, 1, 1),
      ],
      byStage: [
        { stage: 'assembly', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
        { stage: 'qa', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
        { stage: 'alpha', tested: 1, passedFirstTime: 0, firstPassYield: 0 },
        { stage: 'zeta', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
      ],
    },
  ])('$name', ({ outcomes, byStage }) => {
    expect(firstPassYield(outcomes).byStage).toEqual(byStage);
  });

  it('also per rack model and stage, models alphabetically', () => {
    const outcomes = [
      group('qa', 'gb300', true, 1, 10),
      group('burn_in', 'gb300', true, 1, 45),
      group('burn_in', 'gb300', false, 2, 5),
      group('burn_in', 'gb200', true, 1, 90),
      group('burn_in', 'gb200', false, 2, 10),
    ];
    expect(firstPassYield(outcomes).byModel).toEqual([
      { model: 'gb200', stage: 'burn_in', tested: 100, passedFirstTime: 90, firstPassYield: 0.9 },
      { model: 'gb300', stage: 'burn_in', tested: 50, passedFirstTime: 45, firstPassYield: 0.9 },
      { model: 'gb300', stage: 'qa', tested: 10, passedFirstTime: 10, firstPassYield: 1 },
    ]);
  });
});
