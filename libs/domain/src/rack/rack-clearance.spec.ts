import { describe, expect, it } from '@jest/globals';

import { decideClearance, type ClearanceEventType, type ClearanceVerdict } from './rack-clearance.js';
import { routeOfModel } from './rack-route.js';
import { RackStateMachine } from './rack-state-machine.js';
import type { RackState } from './rack-state.js';
import type { RackStatus } from './rack-vocabulary.js';
import type { StationContext } from './station-event.js';
import { RACK, rackAt, T0 } from './testing/rack-fixtures.js';

const machine = new RackStateMachine({ maxClockSkewMs: 5_000, maxEventAgeMs: 86_400_000 });
const assembly: StationContext = { stationId: 'ASSY-01', stage: 'assembly', role: 'station' };
const burnIn: StationContext = { stationId: 'BI-01', stage: 'burn_in', role: 'station' };
const supervisor: StationContext = { stationId: 'SUP-01', stage: 'assembly', role: 'supervisor' };

function ask(
  rack: RackState | undefined,
  type: ClearanceEventType,
  station: StationContext,
  stage?: string,
): ClearanceVerdict {
  return decideClearance(
    machine,
    { rackSerial: RACK, type, station, now: T0, ...(stage === undefined ? {} : { stage }) },
    { rack, routeFor: (model) => routeOfModel(model, undefined) },
  );
}

describe('decideClearance', () => {
  // [rack (stage, status) or new, type, station, expected reason or cleared]
  const rows: readonly [string, [string, RackStatus] | null, ClearanceEventType, StationContext, string][] = [
    ['a new rack starts at the first stage', null, 'started', assembly, 'cleared'],
    ['a new rack cannot start at burn-in', null, 'started', burnIn, 'illegal_transition'],
    ['a rack passed at assembly starts at burn-in', ['assembly', 'passed'], 'started', burnIn, 'cleared'],
    ['a rack still at assembly cannot', ['assembly', 'in_progress'], 'started', burnIn, 'illegal_transition'],
    ['a rack on hold cannot start', ['assembly', 'on_hold'], 'started', burnIn, 'illegal_transition'],
    ['a scrapped rack accepts nothing', ['assembly', 'scrapped'], 'started', burnIn, 'illegal_transition'],
    ['a supervisor may hold at the rack stage', ['burn_in', 'in_progress'], 'hold', supervisor, 'cleared'],
    ['a supervisor may not start', ['assembly', 'passed'], 'started', supervisor, 'wrong_station'],
  ];
  it.each(rows)('%s', (_, at, type, station, expected) => {
    const rack = at === null ? undefined : rackAt(at[0], at[1]);
    const verdict = ask(rack, type, station);
    expect(verdict.cleared ? 'cleared' : verdict.reason).toBe(expected);
  });

  it('names the state that refuses, in the words of the tracker', () => {
    const verdict = ask(rackAt('assembly', 'scrapped'), 'started', burnIn);
    expect(verdict).toMatchObject({ cleared: false, detail: expect.stringContaining('scrapped') });
  });

  it('refuses a stage the station does not serve as wrong_station', () => {
    expect(ask(rackAt('burn_in', 'passed'), 'started', burnIn, 'qa')).toMatchObject({
      reason: 'wrong_station',
    });
  });

  it('refuses a start at a stage with a dwell without a position, as the tracker would', () => {
    const route = {
      ...rackAt('assembly', 'passed').route,
      dwell: { burn_in: { minHours: 72, maxHours: null, retestMinHours: null } },
    };
    const verdict = decideClearance(
      machine,
      { rackSerial: RACK, type: 'started', station: burnIn, now: T0 },
      { rack: rackAt('assembly', 'passed', { route }), routeFor: () => route },
    );
    expect(verdict).toMatchObject({ cleared: false, reason: 'location_required' });
  });
});
