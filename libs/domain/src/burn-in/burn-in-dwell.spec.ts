import { describe, expect, it } from '@jest/globals';

import type { RackDecision, RejectedRackDecision } from '../rack/rack-decision.js';
import { defineRoute } from '../rack/rack-route.js';
import { RackStateMachine, replayRack, type RackDecisionContext } from '../rack/rack-state-machine.js';
import type { RackState } from '../rack/rack-state.js';
import type { StationEventType } from '../rack/rack-vocabulary.js';
import type { AcceptedStationEvent, StationEvent } from '../rack/station-event.js';
import { contextWith, RACK, T0 } from '../rack/testing/rack-fixtures.js';
import type { BurnInCell, BurnInLocation, BurnInPositions } from './burn-in-location.js';

const HOUR_MS = 3_600_000;
const ROUTE = defineRoute({
  model: 'gb200',
  stages: ['assembly', 'burn_in', 'qa'],
  dwell: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
});
const CELL: BurnInCell = { siteId: 'fab-a', cellId: 'BI-A1', positions: 4, kwPerPosition: 132 };
const A1_2: BurnInLocation = { cell: 'BI-A1', position: 2 };

function positions(occupied: Record<string, string> = {}): BurnInPositions {
  return {
    cell: (cellId) => (cellId === CELL.cellId ? CELL : undefined),
    occupant: (location) => occupied[`${location.cell}/${location.position}`],
  };
}

function context(burnIn: BurnInPositions = positions()): RackDecisionContext {
  return { ...contextWith([], { gb200: ROUTE }), burnIn };
}

let nextId = 1;
function at(
  hours: number,
  type: StationEventType,
  stage: string,
  extra: Partial<StationEvent> = {},
): AcceptedStationEvent {
  const occurredAt = new Date(T0.getTime() + hours * HOUR_MS);
  return {
    event: {
      eventId: `bi-${nextId++}`,
      rackSerial: RACK,
      rackModel: 'gb200',
      stationId: `ST-${stage}`,
      stage,
      type,
      occurredAt,
      ...extra,
    },
    station: { stationId: `ST-${stage}`, stage, role: 'station' },
    receivedAt: occurredAt,
  };
}

const machine = new RackStateMachine({ maxClockSkewMs: 60_000 });

function replay(
  events: AcceptedStationEvent[],
  burnIn?: BurnInPositions,
): {
  state: RackState | undefined;
  decisions: RackDecision[];
} {
  return replayRack(events, context(burnIn), machine);
}

// Up to the start of burn-in at hour 1 in position BI-A1/2.
const intoBurnIn = (): AcceptedStationEvent[] => [
  at(0, 'started', 'assembly'),
  at(0.5, 'passed', 'assembly'),
  at(1, 'started', 'burn_in', { location: A1_2 }),
];

function lastRejection(decisions: RackDecision[]): RejectedRackDecision {
  const last = decisions.at(-1);
  if (last?.outcome !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(last)}`);
  return last;
}

describe('burn-in dwell', () => {
  it.each([
    { name: 'one second after starting', passAt: 1 + 1 / 3600 },
    { name: 'one minute short of 72 h', passAt: 73 - 1 / 60 },
  ])('refuses a pass $name and leaves the rack soaking', ({ passAt }) => {
    const { decisions, state } = replay([...intoBurnIn(), at(passAt, 'passed', 'burn_in')]);

    expect(lastRejection(decisions).reason).toBe('dwell_too_short');
    expect(state).toMatchObject({ status: 'in_progress', location: A1_2 });
  });

  it.each([
    { name: 'at exactly 72 h', passAt: 73 },
    { name: 'after 100 h', passAt: 101 },
  ])('accepts a pass $name and frees the position', ({ passAt }) => {
    const { state } = replay([...intoBurnIn(), at(passAt, 'passed', 'burn_in')]);

    expect(state).toMatchObject({ stage: 'burn_in', status: 'passed', location: null, soak: null });
  });

  it('says how long the rack has soaked and how long is left', () => {
    const { decisions } = replay([...intoBurnIn(), at(71.5, 'passed', 'burn_in')]);

    expect(lastRejection(decisions).detail).toBe(
      'passed at burn_in: needs 72 h in progress since its last started (holds not counted); rack RK-2026-000001 has 70.5 h, 1.5 h left',
    );
  });

  it('does not count time on hold, and shows the hold reason while held', () => {
    const held = [
      ...intoBurnIn(),
      at(11, 'hold', 'burn_in', { reason: 'chiller trip on loop 3', reasonCode: 'facility' }),
    ];
    const whileHeld = replay(held).state;
    expect(whileHeld?.holdReason).toEqual({ reason: 'chiller trip on loop 3', reasonCode: 'facility' });

    // 10 h soaked, 20 h held, then 62 h more is 72 h in progress at hour 93 — not at hour 73.
    const released = [...held, at(31, 'release', 'burn_in', { reason: 'loop 3 back' })];
    const early = replay([...released, at(73, 'passed', 'burn_in')]);
    expect(lastRejection(early.decisions).detail).toContain('has 52 h, 20 h left');
    const due = replay([...released, at(93, 'passed', 'burn_in')]);
    expect(due.state).toMatchObject({ status: 'passed', holdReason: null });
  });

  it('needs only the retest minimum after rework, counted from the retest start', () => {
    const reworked = [
      ...intoBurnIn(),
      at(40, 'failed', 'burn_in'),
      at(41, 'rework_started', 'burn_in'),
      at(45, 'rework_completed', 'burn_in'),
      at(46, 'started', 'burn_in', { location: A1_2 }),
    ];
    const afterRework = replay(reworked).state;
    expect(afterRework?.soak).toMatchObject({ retest: true, heldMs: 0 });
    expect(afterRework?.location).toEqual(A1_2);

    expect(lastRejection(replay([...reworked, at(69, 'passed', 'burn_in')]).decisions).detail).toContain(
      'a retest needs 24 h',
    );
    expect(replay([...reworked, at(70, 'passed', 'burn_in')]).state?.status).toBe('passed');
  });

  it.each([
    {
      name: 'no location',
      extra: {},
      reason: 'location_required',
      detail: 'started at burn_in needs a location {cell, position}',
    },
    {
      name: 'a cell the site does not have',
      extra: { location: { cell: 'BI-Z9', position: 1 } },
      reason: 'unknown_position',
      detail: 'cell BI-Z9 is not registered',
    },
    {
      name: 'a position beyond the cell',
      extra: { location: { cell: 'BI-A1', position: 5 } },
      reason: 'unknown_position',
      detail: 'cell BI-A1 has positions 1 to 4; got 5',
    },
    {
      name: 'a position another rack holds',
      extra: { location: { cell: 'BI-A1', position: 3 } },
      reason: 'position_occupied',
      detail: 'position BI-A1/3 is held by rack RK-OTHER',
    },
  ])('refuses a burn-in start with $name', ({ extra, reason, detail }) => {
    const { decisions, state } = replay(
      [at(0, 'started', 'assembly'), at(0.5, 'passed', 'assembly'), at(1, 'started', 'burn_in', extra)],
      positions({ 'BI-A1/3': 'RK-OTHER' }),
    );

    expect(lastRejection(decisions)).toMatchObject({ reason, detail: expect.stringContaining(detail) });
    expect(state).toMatchObject({ stage: 'assembly', status: 'passed', location: null });
  });

  it('keeps the position through failure, rework and hold, and frees it on scrap', () => {
    const steps = [
      ...intoBurnIn(),
      at(20, 'failed', 'burn_in'),
      at(21, 'hold', 'burn_in', { reasonCode: 'mrb' }),
    ];
    // The failed run no longer soaks: nothing shows hours growing on a rack waiting for rework.
    expect(replay(steps.slice(0, -1)).state).toMatchObject({ status: 'failed', location: A1_2, soak: null });
    expect(replay(steps).state).toMatchObject({ status: 'on_hold', location: A1_2, soak: null });
    expect(replay([...steps, at(22, 'scrap', 'burn_in')]).state).toMatchObject({
      status: 'scrapped',
      location: null,
      soak: null,
    });
  });

  it('records the position on the start transition and the reasons on hold and release', () => {
    const { decisions } = replay([
      ...intoBurnIn(),
      at(2, 'hold', 'burn_in', { reason: 'MRB review', reasonCode: 'mrb' }),
      at(3, 'release', 'burn_in', { reasonCode: 'mrb' }),
    ]);
    const transitions = decisions.map((decision) =>
      decision.outcome === 'accepted' ? decision.transition : null,
    );

    expect(transitions[2]).toMatchObject({ eventType: 'started', location: A1_2 });
    expect(transitions[3]).toMatchObject({ eventType: 'hold', reason: 'MRB review', reasonCode: 'mrb' });
    expect(transitions[4]).toMatchObject({ eventType: 'release', reasonCode: 'mrb' });
    expect(transitions[4]).not.toHaveProperty('location');
  });

  it('ignores a location at a stage without a dwell', () => {
    const { state } = replay([
      ...intoBurnIn(),
      at(80, 'passed', 'burn_in'),
      at(81, 'started', 'qa', { location: { cell: 'BI-A1', position: 1 } }),
    ]);

    expect(state).toMatchObject({ stage: 'qa', status: 'in_progress', location: null, soak: null });
  });

  it('refuses a pass stamped before the start, whatever the terminal clock says', () => {
    const { decisions } = replay([...intoBurnIn(), at(0.9, 'passed', 'burn_in')]);

    expect(lastRejection(decisions).reason).toBe('dwell_too_short');
  });
});
