import { describe, expect, it } from '@jest/globals';

import {
  DEFAULT_ROUTE,
  defineRoute,
  describeMissingRoute,
  firstStage,
  hasStage,
  InvalidRouteError,
  isFirstStage,
  isLastStage,
  nextStage,
  previousStage,
  routeOfModel,
  validateRoute,
} from './rack-route.js';

describe('route helpers', () => {
  it('navigate the default route', () => {
    expect(DEFAULT_ROUTE.stages).toEqual(['assembly', 'burn_in', 'qa', 'ship']);
    expect(firstStage(DEFAULT_ROUTE)).toBe('assembly');
    expect(isFirstStage(DEFAULT_ROUTE, 'assembly')).toBe(true);
    expect(isLastStage(DEFAULT_ROUTE, 'ship')).toBe(true);
    expect(isLastStage(DEFAULT_ROUTE, 'qa')).toBe(false);
    expect(previousStage(DEFAULT_ROUTE, 'qa')).toBe('burn_in');
    expect(previousStage(DEFAULT_ROUTE, 'assembly')).toBeUndefined();
    expect(previousStage(DEFAULT_ROUTE, 'paint')).toBeUndefined();
    expect(nextStage(DEFAULT_ROUTE, 'qa')).toBe('ship');
    expect(nextStage(DEFAULT_ROUTE, 'ship')).toBeUndefined();
    expect(hasStage(DEFAULT_ROUTE, 'burn_in')).toBe(true);
    expect(hasStage(DEFAULT_ROUTE, 'paint')).toBe(false);
  });

  it('keep the default route immutable', () => {
    expect(Object.isFrozen(DEFAULT_ROUTE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ROUTE.stages)).toBe(true);
  });

  it('refuse the first stage of an empty route', () => {
    expect(() => firstStage({ model: 'x', stages: [], requiredSlots: {}, dwell: {} })).toThrow('no stages');
  });
});

describe('validateRoute', () => {
  it('accepts the default route and a route with required slots', () => {
    expect(validateRoute(DEFAULT_ROUTE)).toEqual([]);
    expect(
      validateRoute({ model: 'nvl72', stages: ['assembly', 'qa'], requiredSlots: { compute_tray: 18 } }),
    ).toEqual([]);
  });

  it('reports an empty route', () => {
    expect(validateRoute({ model: 'x', stages: [] })).toEqual(['route must have at least one stage']);
  });

  it('reports duplicates and bad names, naming them', () => {
    const problems = validateRoute({ model: 'x', stages: ['assembly', 'Burn-In', 'assembly', '9qa'] });

    expect(problems).toEqual([
      'stage "Burn-In" must match ^[a-z][a-z0-9_]{0,39}$',
      'stage "assembly" appears more than once',
      'stage "9qa" must match ^[a-z][a-z0-9_]{0,39}$',
    ]);
  });

  it('accepts names of 40 characters and refuses 41', () => {
    expect(validateRoute({ model: 'x', stages: ['a'.repeat(40)] })).toEqual([]);
    expect(validateRoute({ model: 'x', stages: ['a'.repeat(41)] })).toHaveLength(1);
  });

  it('allows twenty stages and refuses twenty-one', () => {
    const stages = (count: number) => Array.from({ length: count }, (_, index) => `s${index}`);

    expect(validateRoute({ model: 'x', stages: stages(20) })).toEqual([]);
    expect(validateRoute({ model: 'x', stages: stages(21) })).toEqual([
      'route has 21 stages; at most 20 are allowed',
    ]);
  });

  it('reports unknown kinds and counts that are not integers from 0 to 1000', () => {
    const problems = validateRoute({
      model: 'x',
      stages: ['assembly'],
      requiredSlots: { gpu: 1000, cpu: 0, nic: 1001, psu: -1, cooling: 1.5, widget: 2 },
    });

    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/nic.*1001/);
    expect(problems.join('\n')).toMatch(/psu.*-1/);
    expect(problems.join('\n')).toMatch(/cooling.*1.5/);
    expect(problems.join('\n')).toMatch(/"widget" is not one of/);
  });

  it('reports an empty model', () => {
    expect(validateRoute({ model: ' ', stages: ['assembly'] })).toEqual(['model must not be empty']);
  });
});

describe('defineRoute', () => {
  it('builds a frozen copy of a valid route', () => {
    const stages = ['build', 'test'];

    const route = defineRoute({ model: 'mini', stages, requiredSlots: { gpu: 4 } });
    stages.push('pack');

    expect(route).toEqual({
      model: 'mini',
      stages: ['build', 'test'],
      requiredSlots: { gpu: 4 },
      dwell: {},
    });
    expect(Object.isFrozen(route.requiredSlots)).toBe(true);
  });

  it('throws with every problem of an invalid route', () => {
    expect(() => defineRoute({ model: 'x', stages: ['A', 'A'] })).toThrow(InvalidRouteError);
    try {
      defineRoute({ model: 'x', stages: ['A', 'A'] });
    } catch (error) {
      expect(error instanceof InvalidRouteError ? error.problems : []).toHaveLength(3);
    }
  });
});

describe('routeOfModel', () => {
  const gb200 = defineRoute({ model: 'gb200', stages: ['kitting', 'assembly'] });
  const storedDefault = defineRoute({ model: 'default', stages: ['assembly', 'ship'] });

  it.each([
    ['a stored route', 'gb200', gb200, gb200],
    ['the built-in default for the default model while none is stored', 'default', undefined, DEFAULT_ROUTE],
    ['a stored default over the built-in one', 'default', storedDefault, storedDefault],
    ['no route for a model nobody defined', 'gb300', undefined, undefined],
  ])('gives %s', (_, model, stored, expected) => {
    expect(routeOfModel(model, stored)).toBe(expected);
  });

  it('tells what to do about a model without a route', () => {
    expect(describeMissingRoute('gb300')).toBe(
      'rack model gb300 has no route; define it with PUT /v1/routes/gb300',
    );
  });
});

describe('route dwell', () => {
  const stages = ['assembly', 'burn_in', 'qa'];

  it('keeps a valid dwell, defaulting the maximum and the retest minimum to none', () => {
    const route = defineRoute({ model: 'gb200', stages, dwell: { burn_in: { minHours: 72 } } });

    expect(route.dwell).toEqual({ burn_in: { minHours: 72, maxHours: null, retestMinHours: null } });
    expect(Object.isFrozen(route.dwell)).toBe(true);
  });

  it('accepts a dwell of exactly 2000 h and refuses one just over it', () => {
    expect(validateRoute({ model: 'gb200', stages, dwell: { burn_in: { minHours: 2000 } } })).toEqual([]);
    expect(validateRoute({ model: 'gb200', stages, dwell: { burn_in: { minHours: 2000.5 } } })).toEqual([
      'dwell.burn_in.minHours must be a number above 0 and at most 2000, got 2000.5',
    ]);
  });

  it.each([
    [{ paint: { minHours: 4 } }, 'dwell.paint: stage "paint" is not on the route'],
    [{ assembly: { minHours: 4 } }, 'dwell.assembly: the first stage cannot have a dwell'],
    [{ burn_in: { minHours: 0 } }, 'dwell.burn_in.minHours must be a number above 0 and at most 2000, got 0'],
    [
      { burn_in: { minHours: Number.NaN } },
      'dwell.burn_in.minHours must be a number above 0 and at most 2000, got NaN',
    ],
    [
      { burn_in: { minHours: 5000 } },
      'dwell.burn_in.minHours must be a number above 0 and at most 2000, got 5000',
    ],
    [
      { burn_in: { minHours: 72, maxHours: 48 } },
      'dwell.burn_in.maxHours must be at least minHours (72) and at most 2000, got 48',
    ],
    [
      { burn_in: { minHours: 72, retestMinHours: 96 } },
      'dwell.burn_in.retestMinHours must be above 0 and at most minHours (72), got 96',
    ],
  ])('reports %j as %s', (dwell, problem) => {
    expect(validateRoute({ model: 'gb200', stages, dwell })).toEqual([problem]);
  });
});
