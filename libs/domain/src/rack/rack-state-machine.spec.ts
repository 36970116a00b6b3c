import { describe, expect, it } from '@jest/globals';

import { defineRoute, DEFAULT_ROUTE, type RackRoute } from './rack-route.js';
import type { AcceptedRackDecision, RackDecision, RejectedRackDecision } from './rack-decision.js';
import {
  RackStateMachine,
  replayRack,
  staleEventDetail,
  type RackDecisionContext,
} from './rack-state-machine.js';
import type { RackState } from './rack-state.js';
import {
  isRackStatus,
  RACK_STATUSES,
  STATION_EVENT_TYPES,
  type RackStatus,
  type RejectionReason,
  type StationEventType,
} from './rack-vocabulary.js';
import type { AcceptedStationEvent } from './station-event.js';
import {
  componentRef,
  contextWith,
  installedComponent,
  minutesAfterStart,
  RACK,
  rackAt,
  stationEvent,
  T0,
} from './testing/rack-fixtures.js';

const sut = new RackStateMachine({ maxClockSkewMs: 5_000 });

function expectAccepted(decision: RackDecision): AcceptedRackDecision {
  if (decision.outcome !== 'accepted') {
    throw new Error(`expected acceptance, got ${decision.reason}: ${decision.detail}`);
  }
  return decision;
}

function expectRejected(decision: RackDecision, reason: RejectionReason): RejectedRackDecision {
  if (decision.outcome !== 'rejected') {
    throw new Error(
      `expected ${reason}, got acceptance at (${decision.rack.stage}, ${decision.rack.status})`,
    );
  }
  expect(decision.reason).toBe(reason);
  return decision;
}

// Feeds events one after another, as the tracker would for one partition, and fails on the first refusal.
function run(events: AcceptedStationEvent[], context: RackDecisionContext = contextWith()): RackState {
  let rack: RackState | undefined;
  for (const accepted of events) {
    rack = expectAccepted(sut.decide(rack, accepted, context)).rack;
  }
  if (rack === undefined) {
    throw new Error('no events');
  }
  return rack;
}

describe('RackStateMachine transition table', () => {
  // Each cell: the status the rack ends in at the event's stage, or the reason the event is refused.
  // Columns: [event at the rack's stage, event at the next stage of the route].
  type Expected = RackStatus | RejectionReason;
  type Row = Record<StationEventType, readonly [Expected, Expected]>;
  const X: RejectionReason = 'illegal_transition';
  const allIllegal: Row = {
    started: [X, X],
    completed: [X, X],
    passed: [X, X],
    failed: [X, X],
    rework_started: [X, X],
    rework_completed: [X, X],
    hold: [X, X],
    release: [X, X],
    scrap: [X, X],
    component_installed: [X, X],
    component_removed: [X, X],
  };

  const atFirstStage: Record<RackStatus | 'new', Row> = {
    new: { ...allIllegal, started: ['in_progress', X] },
    waiting: { ...allIllegal, started: ['in_progress', X], hold: ['on_hold', X], scrap: ['scrapped', X] },
    in_progress: {
      ...allIllegal,
      completed: ['passed', X],
      passed: ['passed', X],
      failed: ['failed', X],
      hold: ['on_hold', X],
      scrap: ['scrapped', X],
      component_installed: ['in_progress', X],
      component_removed: ['in_progress', X],
    },
    passed: { ...allIllegal, started: [X, 'in_progress'], hold: ['on_hold', X], scrap: ['scrapped', X] },
    failed: { ...allIllegal, rework_started: ['rework', X], hold: ['on_hold', X], scrap: ['scrapped', X] },
    rework: {
      ...allIllegal,
      rework_completed: ['waiting', X],
      hold: ['on_hold', X],
      scrap: ['scrapped', X],
      component_installed: ['rework', X],
      component_removed: ['rework', X],
    },
    on_hold: { ...allIllegal, release: ['in_progress', X], scrap: ['scrapped', X] },
    shipped: allIllegal,
    scrapped: allIllegal,
  };

  // Past the first stage the rack is built: genealogy changes only during rework.
  const atMiddleStage: Record<RackStatus, Row> = {
    waiting: { ...allIllegal, started: ['in_progress', X], hold: ['on_hold', X], scrap: ['scrapped', X] },
    in_progress: {
      ...allIllegal,
      completed: ['passed', X],
      passed: ['passed', X],
      failed: ['failed', X],
      hold: ['on_hold', X],
      scrap: ['scrapped', X],
    },
    passed: { ...allIllegal, started: [X, 'in_progress'], hold: ['on_hold', X], scrap: ['scrapped', X] },
    failed: { ...allIllegal, rework_started: ['rework', X], hold: ['on_hold', X], scrap: ['scrapped', X] },
    rework: {
      ...allIllegal,
      rework_completed: ['waiting', X],
      hold: ['on_hold', X],
      scrap: ['scrapped', X],
      component_installed: ['rework', X],
      component_removed: ['rework', X],
    },
    on_hold: { ...allIllegal, release: ['in_progress', X], scrap: ['scrapped', X] },
    shipped: allIllegal,
    scrapped: allIllegal,
  };

  interface Case {
    readonly status: RackStatus | 'new';
    readonly rackStage: string;
    readonly type: StationEventType;
    readonly eventStage: string;
    readonly expected: Expected;
  }

  function cases(
    table: Partial<Record<RackStatus | 'new', Row>>,
    rackStage: string,
    nextStage: string,
  ): Case[] {
    return Object.entries(table).flatMap(([status, row]) =>
      STATION_EVENT_TYPES.flatMap((type) => [
        { status: status as Case['status'], rackStage, type, eventStage: rackStage, expected: row[type][0] },
        { status: status as Case['status'], rackStage, type, eventStage: nextStage, expected: row[type][1] },
      ]),
    );
  }

  const table = [...cases(atFirstStage, 'assembly', 'burn_in'), ...cases(atMiddleStage, 'burn_in', 'qa')];

  it('covers every status, plus a new rack, against every event type', () => {
    for (const status of ['new', ...RACK_STATUSES]) {
      for (const type of STATION_EVENT_TYPES) {
        expect(table.some((row) => row.status === status && row.type === type)).toBe(true);
      }
    }
  });

  it.each(table)(
    '$status at $rackStage + $type at $eventStage -> $expected',
    ({ status, rackStage, type, eventStage, expected }) => {
      // One installed power supply so that a removal has something legitimate to remove.
      const context = contextWith([installedComponent('PSU-1', 'psu')]);
      const current = status === 'new' ? undefined : rackAt(rackStage, status, { slotCounts: { psu: 1 } });
      const components =
        type === 'component_installed'
          ? [componentRef('NIC-9', 'nic')]
          : type === 'component_removed'
            ? [{ serial: 'PSU-1' }]
            : undefined;

      const decision = sut.decide(
        current,
        stationEvent(type, eventStage, { occurredAt: minutesAfterStart(5), components }),
        context,
      );

      if (isRackStatus(expected)) {
        const accepted = expectAccepted(decision);
        expect(accepted.transition.to).toEqual({ stage: eventStage, status: expected });
        expect({ stage: accepted.rack.stage, status: accepted.rack.status }).toEqual({
          stage: eventStage,
          status: expected,
        });
        expect(accepted.transition.from).toEqual(
          current === undefined ? null : { stage: current.stage, status: current.status },
        );
      } else {
        expectRejected(decision, expected);
      }
    },
  );
});

describe('RackStateMachine scenarios', () => {
  it('runs the rework loop and counts the failure and the rework', () => {
    const rack = run([
      stationEvent('started', 'assembly', { occurredAt: minutesAfterStart(0) }),
      stationEvent('passed', 'assembly', { occurredAt: minutesAfterStart(60) }),
      stationEvent('started', 'burn_in', { occurredAt: minutesAfterStart(70) }),
      stationEvent('failed', 'burn_in', { occurredAt: minutesAfterStart(500) }),
      stationEvent('rework_started', 'burn_in', { occurredAt: minutesAfterStart(510) }),
      stationEvent('rework_completed', 'burn_in', { occurredAt: minutesAfterStart(600) }),
      stationEvent('started', 'burn_in', { occurredAt: minutesAfterStart(610) }),
      stationEvent('passed', 'burn_in', { occurredAt: minutesAfterStart(1300) }),
    ]);

    expect(rack).toMatchObject({
      stage: 'burn_in',
      status: 'passed',
      held: null,
      reworkCount: 1,
      failureCount: 1,
      stateEnteredAt: minutesAfterStart(1300),
      lastEventAt: minutesAfterStart(1300),
    });
  });

  it('refuses a second rework_started without a new failure', () => {
    const rack = run([
      stationEvent('started', 'assembly'),
      stationEvent('failed', 'assembly'),
      stationEvent('rework_started', 'assembly'),
    ]);

    const decision = sut.decide(rack, stationEvent('rework_started', 'assembly'), contextWith());

    expect(expectRejected(decision, 'illegal_transition').detail).toBe(
      'rework_started at assembly needs (assembly, failed); rack is (assembly, rework)',
    );
  });

  it('restores the held position on release, keeping counts and clearing held', () => {
    const failed = run([
      stationEvent('started', 'assembly'),
      stationEvent('failed', 'assembly', { occurredAt: minutesAfterStart(10) }),
    ]);

    const held = expectAccepted(
      sut.decide(
        failed,
        stationEvent('hold', 'assembly', { occurredAt: minutesAfterStart(20) }),
        contextWith(),
      ),
    ).rack;
    expect(held).toMatchObject({ status: 'on_hold', held: { stage: 'assembly', status: 'failed' } });

    const released = expectAccepted(
      sut.decide(
        held,
        stationEvent('release', 'assembly', { occurredAt: minutesAfterStart(30) }),
        contextWith(),
      ),
    );
    expect(released.transition.from).toEqual({ stage: 'assembly', status: 'on_hold' });
    expect(released.transition.to).toEqual({ stage: 'assembly', status: 'failed' });
    expect(released.rack).toMatchObject({
      stage: 'assembly',
      status: 'failed',
      held: null,
      failureCount: 1,
      stateEnteredAt: minutesAfterStart(30),
    });
  });

  it('refuses a second hold and any work on a held rack', () => {
    const held = run([stationEvent('started', 'assembly'), stationEvent('hold', 'assembly')]);

    expectRejected(sut.decide(held, stationEvent('hold', 'assembly'), contextWith()), 'illegal_transition');
    expectRejected(sut.decide(held, stationEvent('passed', 'assembly'), contextWith()), 'illegal_transition');
  });

  it('scraps a held rack, forgets the held position and then refuses everything', () => {
    const scrapped = run([
      stationEvent('started', 'assembly'),
      stationEvent('hold', 'assembly'),
      stationEvent('scrap', 'assembly'),
    ]);

    expect(scrapped).toMatchObject({ stage: 'assembly', status: 'scrapped', held: null });
    const decision = sut.decide(scrapped, stationEvent('release', 'assembly'), contextWith());
    expect(expectRejected(decision, 'illegal_transition').detail).toContain('scrapped');
  });

  it('ships the rack when the last stage passes, in one transition', () => {
    const atShip = run([
      stationEvent('started', 'assembly'),
      stationEvent('passed', 'assembly'),
      stationEvent('started', 'burn_in'),
      stationEvent('completed', 'burn_in'),
      stationEvent('started', 'qa'),
      stationEvent('passed', 'qa'),
      stationEvent('started', 'ship'),
    ]);

    const shipped = expectAccepted(
      sut.decide(
        atShip,
        stationEvent('passed', 'ship', { occurredAt: minutesAfterStart(99) }),
        contextWith(),
      ),
    );

    expect(shipped.transition).toMatchObject({
      from: { stage: 'ship', status: 'in_progress' },
      to: { stage: 'ship', status: 'shipped' },
    });
    expect(shipped.rack.stateEnteredAt).toEqual(minutesAfterStart(99));
    expectRejected(
      sut.decide(shipped.rack, stationEvent('scrap', 'ship'), contextWith()),
      'illegal_transition',
    );
  });

  it('also ships on completed at the last stage', () => {
    const atShip = rackAt('ship', 'in_progress');

    const decision = expectAccepted(sut.decide(atShip, stationEvent('completed', 'ship'), contextWith()));

    expect(decision.rack.status).toBe('shipped');
  });

  it('follows a custom two-stage route chosen by the rack model', () => {
    const mini = defineRoute({ model: 'mini', stages: ['build', 'test'] });
    const context = contextWith([], { mini });

    const rack = run(
      [
        stationEvent('started', 'build', { rackModel: 'mini' }),
        stationEvent('passed', 'build'),
        stationEvent('started', 'test'),
        stationEvent('passed', 'test'),
      ],
      context,
    );

    expect(rack).toMatchObject({ model: 'mini', stage: 'test', status: 'shipped' });
    expect(rack.route.stages).toEqual(['build', 'test']);
  });

  it('walks a six-stage route in order and refuses to skip a stage', () => {
    const stages = ['kitting', 'assembly', 'cabling', 'burn_in', 'qa', 'pack'];
    const context = contextWith([], { big: defineRoute({ model: 'big', stages }) });
    const events = stages.flatMap((stage, index) => [
      stationEvent('started', stage, index === 0 ? { rackModel: 'big' } : {}),
      stationEvent('passed', stage),
    ]);

    const atCabling = run(events.slice(0, 5), context);
    expect(atCabling).toMatchObject({ stage: 'cabling', status: 'in_progress' });
    const skipped = sut.decide({ ...atCabling, status: 'passed' }, stationEvent('started', 'qa'), context);
    expect(expectRejected(skipped, 'illegal_transition').detail).toBe(
      'started at qa needs (burn_in, passed) or (qa, waiting); rack is (cabling, passed)',
    );

    expect(run(events, context)).toMatchObject({ stage: 'pack', status: 'shipped' });
  });

  it('refuses an event for an unknown rack unless it starts at the first stage', () => {
    const decision = sut.decide(undefined, stationEvent('passed', 'assembly'), contextWith());

    expect(expectRejected(decision, 'illegal_transition').detail).toBe(
      `rack ${RACK} is unknown; it starts with started at assembly (got passed at assembly)`,
    );
  });

  it('creates a rack with the default model, a route snapshot and zero counts', () => {
    const decision = expectAccepted(
      sut.decide(
        undefined,
        stationEvent('started', 'assembly', { occurredAt: minutesAfterStart(3) }),
        contextWith(),
      ),
    );

    expect(decision.rack).toEqual({
      serial: RACK,
      model: 'default',
      route: DEFAULT_ROUTE,
      stage: 'assembly',
      status: 'in_progress',
      held: null,
      reworkCount: 0,
      failureCount: 0,
      slotCounts: {},
      stateEnteredAt: minutesAfterStart(3),
      lastEventAt: minutesAfterStart(3),
      location: null,
      soak: null,
      holdReason: null,
    });
    expect(decision.transition).toEqual({
      rackSerial: RACK,
      eventId: expect.any(String),
      eventType: 'started',
      stage: 'assembly',
      from: null,
      to: { stage: 'assembly', status: 'in_progress' },
      occurredAt: minutesAfterStart(3),
    });
  });

  it('keeps the route snapshot when the model route changes or the served object is mutated', () => {
    const stages = ['build', 'test', 'pack'];
    const served: {
      model: string;
      stages: string[];
      requiredSlots: RackRoute['requiredSlots'];
      dwell: RackRoute['dwell'];
    } = {
      model: 'x',
      stages,
      requiredSlots: {},
      dwell: {},
    };
    let current: RackRoute = served;
    const context: RackDecisionContext = { routeFor: () => current, components: contextWith().components };
    const created = expectAccepted(
      sut.decide(undefined, stationEvent('started', 'build', { rackModel: 'x' }), context),
    ).rack;

    stages.splice(1, 1);
    current = defineRoute({ model: 'x', stages: ['build', 'paint'] });
    const passed = expectAccepted(sut.decide(created, stationEvent('passed', 'build'), context)).rack;

    expect(expectAccepted(sut.decide(passed, stationEvent('started', 'test'), context)).rack.stage).toBe(
      'test',
    );
    expectRejected(sut.decide(passed, stationEvent('started', 'paint'), context), 'unknown_stage');
  });

  it('keeps stateEnteredAt on genealogy events but moves lastEventAt', () => {
    const rack = rackAt('assembly', 'in_progress', { stateEnteredAt: T0 });

    const decision = expectAccepted(
      sut.decide(
        rack,
        stationEvent('component_installed', 'assembly', {
          occurredAt: minutesAfterStart(7),
          components: [componentRef('PSU-1', 'psu')],
        }),
        contextWith(),
      ),
    );

    expect(decision.transition.from).toEqual(decision.transition.to);
    expect(decision.rack.stateEnteredAt).toEqual(T0);
    expect(decision.rack.lastEventAt).toEqual(minutesAfterStart(7));
  });

  it('does not mutate the rack, the event or the locator it is given', () => {
    const rack = rackAt('assembly', 'in_progress', { slotCounts: { psu: 1 } });
    const context = contextWith([installedComponent('PSU-1', 'psu')]);
    const accepted = stationEvent('component_installed', 'assembly', {
      components: [componentRef('GPU-1', 'gpu')],
    });
    const before = structuredClone({ rack, accepted, components: context.components.all() });

    const decision = expectAccepted(sut.decide(rack, accepted, context));
    decision.rack.stateEnteredAt.setTime(0);

    expect({ rack, accepted, components: context.components.all() }).toEqual(before);
  });

  it('refuses with malformed when a date is invalid', () => {
    const decision = sut.decide(
      undefined,
      stationEvent('started', 'assembly', { occurredAt: new Date(Number.NaN) }),
      contextWith(),
    );

    expectRejected(decision, 'malformed');
  });
});

describe('RackStateMachine clock skew', () => {
  const receivedAt = minutesAfterStart(60);

  it('accepts an event exactly at the allowed skew', () => {
    const occurredAt = new Date(receivedAt.getTime() + 5_000);

    expectAccepted(
      sut.decide(undefined, stationEvent('started', 'assembly', { occurredAt, receivedAt }), contextWith()),
    );
  });

  it('refuses an event one millisecond beyond the allowed skew', () => {
    const occurredAt = new Date(receivedAt.getTime() + 5_001);

    const decision = sut.decide(
      undefined,
      stationEvent('started', 'assembly', { occurredAt, receivedAt }),
      contextWith(),
    );

    expect(expectRejected(decision, 'clock_skew').detail).toContain('5001 ms');
  });

  it('accepts events from the past, however old', () => {
    const occurredAt = new Date(receivedAt.getTime() - 7 * 24 * 3_600_000);

    expectAccepted(
      sut.decide(undefined, stationEvent('started', 'assembly', { occurredAt, receivedAt }), contextWith()),
    );
  });

  it('checks skew before anything else', () => {
    const occurredAt = new Date(receivedAt.getTime() + 60_000);

    const decision = sut.decide(
      rackAt('ship', 'shipped'),
      stationEvent('passed', 'paint', { occurredAt, receivedAt, station: { stationId: 'OTHER' } }),
      contextWith(),
    );

    expectRejected(decision, 'clock_skew');
  });

  it('refuses a negative or non-finite skew policy', () => {
    expect(() => new RackStateMachine({ maxClockSkewMs: -1 })).toThrow(RangeError);
    expect(() => new RackStateMachine({ maxClockSkewMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('RackStateMachine event age', () => {
  const DAY_MS = 86_400_000;
  const aged = new RackStateMachine({ maxClockSkewMs: 5_000, maxEventAgeMs: 30 * DAY_MS });
  const receivedAt = new Date('2026-12-05T09:00:00.000Z');

  it.each([
    ['a fresh event', 0, 'accepted'],
    ['an event exactly at the allowed age', 30 * DAY_MS, 'accepted'],
    ['an event one millisecond older than allowed', 30 * DAY_MS + 1, 'stale_event'],
    ['an event a year old', 365 * DAY_MS, 'stale_event'],
  ])('%s', (_, ageMs, outcome) => {
    const occurredAt = new Date(receivedAt.getTime() - ageMs);

    const decision = aged.decide(
      undefined,
      stationEvent('started', 'assembly', { occurredAt, receivedAt }),
      contextWith(),
    );

    expect(decision.outcome === 'accepted' ? 'accepted' : decision.reason).toBe(outcome);
  });

  it('says how old the event is and how old is allowed, never rounding a refusal down to the limit', () => {
    const occurredAt = new Date(receivedAt.getTime() - 30 * DAY_MS - 1);

    const decision = aged.decide(
      undefined,
      stationEvent('started', 'assembly', { occurredAt, receivedAt }),
      contextWith(),
    );

    expect(expectRejected(decision, 'stale_event').detail).toBe(
      'occurredAt 2026-11-05T08:59:59.999Z is 30.01 days before receipt at 2026-12-05T09:00:00.000Z; ' +
        'events at most 30 days old are accepted',
    );
  });

  it('refuses a stale event for a rack that exists, before any other check', () => {
    const occurredAt = new Date(receivedAt.getTime() - 40 * DAY_MS);

    const decision = aged.decide(
      rackAt('ship', 'shipped'),
      stationEvent('passed', 'paint', { occurredAt, receivedAt, station: { stationId: 'OTHER' } }),
      contextWith(),
    );

    expectRejected(decision, 'stale_event');
  });

  it('gives the same answer as staleEventDetail, the rule ingest applies at the door', () => {
    expect(staleEventDetail(new Date(receivedAt.getTime() - 30 * DAY_MS), receivedAt, 30 * DAY_MS)).toBe(
      undefined,
    );
    expect(staleEventDetail(new Date(receivedAt.getTime() - 31 * DAY_MS), receivedAt, 30 * DAY_MS)).toContain(
      '31 days before receipt',
    );
  });

  it('refuses a negative or non-finite age policy', () => {
    expect(() => new RackStateMachine({ maxClockSkewMs: 0, maxEventAgeMs: -1 })).toThrow(RangeError);
    expect(() => new RackStateMachine({ maxClockSkewMs: 0, maxEventAgeMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('RackStateMachine stations', () => {
  const inProgress = rackAt('burn_in', 'in_progress');

  it('refuses an event whose station id differs from the posting station', () => {
    const decision = sut.decide(
      inProgress,
      stationEvent('passed', 'burn_in', { stationId: 'BURNIN-07', station: { stationId: 'BURNIN-08' } }),
      contextWith(),
    );

    expect(expectRejected(decision, 'wrong_station').detail).toContain('BURNIN-08');
  });

  it('refuses an event for a stage the station does not serve', () => {
    const decision = sut.decide(
      inProgress,
      stationEvent('passed', 'burn_in', { station: { stage: 'qa' } }),
      contextWith(),
    );

    expect(expectRejected(decision, 'wrong_station').detail).toBe(
      'station ST-burn_in serves stage qa, not burn_in',
    );
  });

  it('refuses a hold from an ordinary station of another stage', () => {
    const decision = sut.decide(
      inProgress,
      stationEvent('hold', 'burn_in', { station: { stage: 'qa' } }),
      contextWith(),
    );

    expectRejected(decision, 'wrong_station');
  });

  it.each(['hold', 'scrap'] as const)('lets a supervisor %s a rack at any stage', (type) => {
    const decision = sut.decide(
      inProgress,
      stationEvent(type, 'burn_in', { station: { stage: 'line', role: 'supervisor' } }),
      contextWith(),
    );

    expectAccepted(decision);
  });

  it('lets a supervisor release a held rack', () => {
    const decision = sut.decide(
      rackAt('qa', 'on_hold'),
      stationEvent('release', 'qa', { station: { stage: 'line', role: 'supervisor' } }),
      contextWith(),
    );

    expect(expectAccepted(decision).rack.status).toBe('in_progress');
  });

  it.each(['started', 'passed', 'failed', 'component_installed'] as const)(
    'refuses %s from a supervisor, even at its own stage',
    (type) => {
      const decision = sut.decide(
        inProgress,
        stationEvent(type, 'burn_in', { station: { role: 'supervisor' } }),
        contextWith(),
      );

      expectRejected(decision, 'wrong_station');
    },
  );

  it('still needs the supervisor event to name the rack stage', () => {
    const decision = sut.decide(
      inProgress,
      stationEvent('hold', 'qa', { station: { stage: 'line', role: 'supervisor' } }),
      contextWith(),
    );

    expect(expectRejected(decision, 'illegal_transition').detail).toBe(
      'hold at qa needs a rack at qa that is not on hold; rack is (burn_in, in_progress)',
    );
  });
});

describe('RackStateMachine stages', () => {
  it('refuses a stage that is not on the route, naming it', () => {
    const decision = sut.decide(
      rackAt('burn_in', 'in_progress'),
      stationEvent('passed', 'paint'),
      contextWith(),
    );

    expect(expectRejected(decision, 'unknown_stage').detail).toContain('paint');
  });

  it('refuses an unknown stage for a new rack using the route of its model', () => {
    const context = contextWith([], { mini: defineRoute({ model: 'mini', stages: ['build', 'test'] }) });

    const decision = sut.decide(
      undefined,
      stationEvent('started', 'assembly', { rackModel: 'mini' }),
      context,
    );

    expectRejected(decision, 'unknown_stage');
  });

  it('refuses a new rack whose model has no route, saying how to define one', () => {
    const decision = sut.decide(
      undefined,
      stationEvent('started', 'assembly', { rackModel: 'gb300' }),
      contextWith(),
    );

    expect(expectRejected(decision, 'unknown_model').detail).toBe(
      'rack model gb300 has no route; define it with PUT /v1/routes/gb300',
    );
  });

  it('starts a rack without a model on the built-in default route', () => {
    expect(run([stationEvent('started', 'assembly')])).toMatchObject({ model: 'default', stage: 'assembly' });
  });

  it('keeps a started rack on its route snapshot, whatever model its later events name', () => {
    const decision = sut.decide(
      rackAt('assembly', 'in_progress'),
      stationEvent('passed', 'assembly', { rackModel: 'gb300' }),
      contextWith(),
    );

    expect(expectAccepted(decision).rack.status).toBe('passed');
  });

  it('checks the stage before refusing events for a finished rack', () => {
    expectRejected(
      sut.decide(rackAt('ship', 'shipped'), stationEvent('hold', 'paint'), contextWith()),
      'unknown_stage',
    );
  });

  it('explains what a refused move needed', () => {
    const decision = sut.decide(rackAt('burn_in', 'passed'), stationEvent('failed', 'qa'), contextWith());

    expect(expectRejected(decision, 'illegal_transition').detail).toBe(
      'failed at qa needs (qa, in_progress); rack is (burn_in, passed)',
    );
  });
});

describe('replayRack', () => {
  it('replays one rack and returns every decision, refused ones included', () => {
    const events = [
      stationEvent('started', 'assembly'),
      stationEvent('started', 'assembly'),
      stationEvent('component_installed', 'assembly', { components: [componentRef('CT-1', 'compute_tray')] }),
      stationEvent('passed', 'assembly'),
    ];
    const context = contextWith();

    const { state, decisions } = replayRack(events, context, sut);

    expect(decisions.map((decision) => decision.outcome)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'accepted',
    ]);
    expect(state).toMatchObject({ stage: 'assembly', status: 'passed', slotCounts: { compute_tray: 1 } });
    expect(context.components.all()).toEqual([]);
  });

  it('sees its own earlier installs when later events remove them', () => {
    const events = [
      stationEvent('started', 'assembly'),
      stationEvent('component_installed', 'assembly', { components: [componentRef('CT-1', 'compute_tray')] }),
      stationEvent('component_removed', 'assembly', { components: [{ serial: 'CT-1' }] }),
    ];

    const { state, decisions } = replayRack(events, contextWith(), sut);

    expect(decisions.every((decision) => decision.outcome === 'accepted')).toBe(true);
    expect(state?.slotCounts).toEqual({});
  });

  it('refuses to mix racks', () => {
    const events = [
      stationEvent('started', 'assembly'),
      stationEvent('started', 'assembly', { rackSerial: 'RK-OTHER' }),
    ];

    expect(() => replayRack(events, contextWith(), sut)).toThrow('replayRack replays one rack');
  });

  it('returns no state for no events', () => {
    expect(replayRack([], contextWith(), sut)).toEqual({ state: undefined, decisions: [] });
  });
});
