import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_ROUTE,
  InMemoryComponentLocator,
  RackStateMachine,
  type AcceptedStationEvent,
  type ComponentKind,
  type ComponentRef,
  type RackState,
} from '#domain';
import {
  buildComponentTree,
  countByKind,
  type ComponentStay,
  type ComponentTreeNode,
} from './component-tree.js';

// Small serial pool on purpose: reinstalls, swaps under another parent and refused moves are the point.
const SERIALS = ['T1', 'T2', 'G1', 'G2', 'G3', 'G4'] as const;
const T0 = Date.parse('2026-11-24T08:00:00.000Z');
const RACK = 'RK-PROP-1';

interface Move {
  readonly type: 'component_installed' | 'component_removed';
  readonly refs: readonly ComponentRef[];
  // 0 on purpose sometimes: events sharing a timestamp must still rebuild the same tree.
  readonly gapMs: number;
}

const refArbitrary: fc.Arbitrary<ComponentRef> = fc
  .record({
    serial: fc.constantFrom(...SERIALS),
    parentSerial: fc.option(fc.constantFrom(...SERIALS), { nil: undefined, freq: 2 }),
  })
  .map(({ serial, parentSerial }) => ({
    serial,
    partNumber: `PN-${serial[0]}`,
    kind: (serial.startsWith('T') ? 'compute_tray' : 'gpu') as ComponentKind,
    supplierId: 'sup-1',
    lot: 'L1',
    parentSerial,
  }));

const moveArbitrary: fc.Arbitrary<Move> = fc.record({
  type: fc.constantFrom('component_installed' as const, 'component_removed' as const),
  refs: fc.array(refArbitrary, { minLength: 1, maxLength: 3 }),
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60_000 })),
});

function accepted(move: Move, index: number, occurredAt: Date): AcceptedStationEvent {
  return {
    event: {
      eventId: `ev-${index}`,
      rackSerial: RACK,
      stationId: 'ASSY-01',
      stage: 'assembly',
      type: move.type,
      occurredAt,
      components: move.refs,
    },
    station: { stationId: 'ASSY-01', stage: 'assembly', role: 'station' },
    receivedAt: occurredAt,
  };
}

const startRack = (at: Date): RackState => ({
  serial: RACK,
  model: DEFAULT_ROUTE.model,
  route: DEFAULT_ROUTE,
  stage: 'assembly',
  status: 'in_progress',
  held: null,
  reworkCount: 0,
  failureCount: 0,
  slotCounts: {},
  stateEnteredAt: at,
  lastEventAt: at,
  location: null,
  soak: null,
  holdReason: null,
});

/** Runs the moves through the machine and records stays the way the tracker writes component_install. */
function record(moves: readonly Move[]) {
  const machine = new RackStateMachine({ maxClockSkewMs: 0 });
  const locator = new InMemoryComponentLocator();
  const stays: ComponentStay[] = [];
  const history: { at: Date; accepted: AcceptedStationEvent; ok: boolean }[] = [];
  let rack = startRack(new Date(T0));
  let clock = T0;
  moves.forEach((move, index) => {
    clock += move.gapMs;
    const event = accepted(move, index, new Date(clock));
    const decision = machine.decide(rack, event, { routeFor: () => DEFAULT_ROUTE, components: locator });
    history.push({ at: new Date(clock), accepted: event, ok: decision.outcome === 'accepted' });
    if (decision.outcome !== 'accepted') return;
    rack = decision.rack;
    locator.apply(decision);
    for (const component of decision.removed) {
      const open = stays.find(
        (candidate) => candidate.componentSerial === component.serial && candidate.removedAt === null,
      )!;
      open.removedAt = new Date(clock);
      open.removedEventId = event.event.eventId;
    }
    for (const component of decision.installed) {
      stays.push({
        componentSerial: component.serial,
        partNumber: component.partNumber,
        kind: component.kind,
        supplierId: component.supplierId,
        lot: component.lot,
        parentSerial: component.parentSerial,
        installedEventId: event.event.eventId,
        installedAt: new Date(clock),
        removedEventId: null,
        removedAt: null,
      });
    }
  });
  return { stays, history, end: clock };
}

/** The tree the machine reaches replaying, from scratch, only the events that happened by `at`. */
function replayUntil(history: ReturnType<typeof record>['history'], at: number) {
  const machine = new RackStateMachine({ maxClockSkewMs: 0 });
  const locator = new InMemoryComponentLocator();
  let rack = startRack(new Date(T0));
  for (const entry of history) {
    if (entry.at.getTime() > at) break;
    const decision = machine.decide(rack, entry.accepted, {
      routeFor: () => DEFAULT_ROUTE,
      components: locator,
    });
    if (decision.outcome !== 'accepted') continue;
    rack = decision.rack;
    locator.apply(decision);
  }
  return { components: locator.all(), slotCounts: rack.slotCounts };
}

function edges(nodes: readonly ComponentTreeNode[], parent: string | null = null): string[] {
  return nodes.flatMap((node) => [
    `${node.stay.componentSerial}<${parent ?? '-'}`,
    ...edges(node.children, node.stay.componentSerial),
  ]);
}

describe('the as-built tree at a time', () => {
  it('equals the replay of the events that happened by then', () => {
    fc.assert(
      fc.property(
        fc.array(moveArbitrary, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (moves, fraction) => {
          const { stays, history, end } = record(moves);
          const at = Math.round(T0 + fraction * (end - T0));
          const replay = replayUntil(history, at);
          const tree = buildComponentTree(stays, new Date(at));
          expect(edges(tree).sort()).toEqual(
            replay.components
              .map((component) => `${component.serial}<${component.parentSerial ?? '-'}`)
              .sort(),
          );
          expect(countByKind(stays, new Date(at))).toEqual(replay.slotCounts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('now equals the machine’s own view, and never holds a serial twice', () => {
    fc.assert(
      fc.property(fc.array(moveArbitrary, { minLength: 1, maxLength: 40 }), (moves) => {
        const { stays, history, end } = record(moves);
        const serials = edges(buildComponentTree(stays, null)).map((edge) => edge.split('<')[0]);
        expect(new Set(serials).size).toBe(serials.length);
        expect(serials.sort()).toEqual(
          replayUntil(history, end)
            .components.map((component) => component.serial)
            .sort(),
        );
      }),
      { numRuns: 300 },
    );
  });
});
