import { assertUnreachable } from '../assert-unreachable.js';
import {
  BurnInOccupancy,
  formatLocation,
  NO_BURN_IN_POSITIONS,
  type BurnInLocation,
  type BurnInPositions,
} from '../burn-in/burn-in-location.js';
import {
  formatHours,
  pauseSoak,
  requiredSoakMs,
  resumeSoak,
  soakedMs,
  startSoak,
  type SoakClock,
} from '../burn-in/soak-clock.js';
import { DEFAULT_DISPOSITION_TABLE } from '../disposition/default-disposition-table.js';
import type { DispositionTable } from '../disposition/disposition-table.js';
import {
  disposeFailures,
  engineeringHoldOf,
  engineeringHoldReason,
  FailureHistoryOverlay,
  NO_FAILURE_HISTORY,
  type FailureDisposition,
  type FailureHistory,
} from '../disposition/failure-disposition.js';
import type { ComponentLocator, InstalledComponent } from './component-locator.js';
import { ComponentLocatorOverlay } from './component-locator.js';
import { rejected, type RackDecision, type RejectedRackDecision } from './rack-decision.js';
import { evaluateMeasurement, formatMeasurement } from './measurement-evaluation.js';
import {
  DEFAULT_RACK_MODEL,
  describeMissingRoute,
  dwellOf,
  firstStage,
  hasStage,
  isFirstStage,
  isLastStage,
  previousStage,
  type RackRoute,
} from './rack-route.js';
import {
  formatPosition,
  positionOf,
  samePosition,
  type HoldReason,
  type RackPosition,
  type RackState,
} from './rack-state.js';
import { COMPONENT_KINDS, isTerminalStatus, type ComponentKind } from './rack-vocabulary.js';
import { refuseStationAuthority } from './station-authority.js';
import type { AcceptedStationEvent, ComponentRef, StationEvent } from './station-event.js';

export interface RackStateMachinePolicy {
  // How far in the future (relative to ingest's receipt) an event's occurredAt may lie.
  readonly maxClockSkewMs: number;
  // How far in the past (relative to ingest's receipt) it may lie. Absent, any age is accepted, which is
  // what a replay of recorded history needs; the tracker always sets it.
  readonly maxEventAgeMs?: number;
}

export interface RackDecisionContext {
  // Consulted only when an event creates a rack; existing racks keep their route snapshot.
  // undefined when the model has no route: the rack is refused as unknown_model.
  routeFor(model: string): RackRoute | undefined;
  readonly components: ComponentLocator;
  // The burn-in cells and positions at the site of the event's station; absent, the site has none.
  readonly burnIn?: BurnInPositions;
  // The disposition table in force and the failures seen before; absent, the shipped table and no history.
  readonly dispositions?: DispositionContext;
}

export interface DispositionContext {
  readonly table: DispositionTable;
  readonly history: FailureHistory;
}

const DAY_MS = 86_400_000;

// Days to two decimals, the age rounded up and the limit down, so a refused age never reads as the limit.
function days(ms: number, round: (value: number) => number): string {
  return String(round((ms / DAY_MS) * 100) / 100);
}

/**
 * Why an event is too old to apply, or undefined when it is not: its occurredAt lies more than `maxEventAgeMs`
 * before ingest received it. A line that posts a month-old event is replaying a terminal's lost buffer or has
 * a broken clock; either way it would rewrite history that reports were already built on. Ingest refuses it
 * at the door with this same rule; back-fills raise the limit on purpose.
 */
export function staleEventDetail(
  occurredAt: Date,
  receivedAt: Date,
  maxEventAgeMs: number,
): string | undefined {
  const ageMs = receivedAt.getTime() - occurredAt.getTime();
  if (!(ageMs > maxEventAgeMs)) {
    return undefined;
  }
  return `occurredAt ${occurredAt.toISOString()} is ${days(ageMs, Math.ceil)} days before receipt at ${receivedAt.toISOString()}; events at most ${days(maxEventAgeMs, Math.floor)} days old are accepted`;
}

type SlotCounts = Readonly<Partial<Record<ComponentKind, number>>>;

// What a legal event does to an existing rack, before timestamps and bookkeeping are applied.
interface Move {
  readonly to: RackPosition;
  readonly held: RackPosition | null;
  readonly reworkCount: number;
  readonly failureCount: number;
  readonly slotCounts: SlotCounts;
  readonly installed: InstalledComponent[];
  readonly removed: InstalledComponent[];
  readonly location: BurnInLocation | null;
  readonly soak: SoakClock | null;
  readonly holdReason: HoldReason | null;
  readonly dispositions: FailureDisposition[];
}

type MoveResult = Move | RejectedRackDecision;

function isRejection(result: MoveResult): result is RejectedRackDecision {
  return 'outcome' in result;
}

// Dates are mutable; the state must not share instances with the event it came from.
function copyDate(date: Date): Date {
  return new Date(date.getTime());
}

function snapshotRoute(route: RackRoute): RackRoute {
  return Object.freeze({
    model: route.model,
    stages: Object.freeze([...route.stages]),
    requiredSlots: Object.freeze({ ...route.requiredSlots }),
    dwell: Object.freeze({ ...route.dwell }),
  });
}

function adjustSlotCounts(
  counts: SlotCounts,
  installed: readonly InstalledComponent[],
  removed: readonly InstalledComponent[],
): SlotCounts {
  const next: Partial<Record<ComponentKind, number>> = { ...counts };
  for (const component of installed) {
    next[component.kind] = (next[component.kind] ?? 0) + 1;
  }
  for (const component of removed) {
    next[component.kind] = (next[component.kind] ?? 0) - 1;
  }
  // Zero entries are dropped so that equal trees always give equal counts.
  for (const kind of COMPONENT_KINDS) {
    if (next[kind] === 0) {
      delete next[kind];
    }
  }
  return next;
}

function describeRoute(route: RackRoute): string {
  return `route of model ${route.model} (${route.stages.join(' -> ')})`;
}

function whereInstalled(component: InstalledComponent | undefined): string {
  return component === undefined
    ? 'it is not installed anywhere'
    : `it is installed in rack ${component.rackSerial}`;
}

/** What a transition says about why: the hold or release's own words, or the engineering hold a failure put on. */
function transitionReason(event: StationEvent, move: Move): { reason?: string; reasonCode?: string } {
  if (event.type === 'failed' && move.to.status === 'on_hold' && move.holdReason !== null) {
    const { reason, reasonCode } = move.holdReason;
    return { ...(reason === null ? {} : { reason }), ...(reasonCode === null ? {} : { reasonCode }) };
  }
  return {
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.reasonCode === undefined ? {} : { reasonCode: event.reasonCode }),
  };
}

export class RackStateMachine {
  constructor(private readonly policy: RackStateMachinePolicy) {
    if (!Number.isFinite(policy.maxClockSkewMs) || policy.maxClockSkewMs < 0) {
      throw new RangeError(`maxClockSkewMs must be a non-negative number, got ${policy.maxClockSkewMs}`);
    }
    if (
      policy.maxEventAgeMs !== undefined &&
      (!Number.isFinite(policy.maxEventAgeMs) || policy.maxEventAgeMs < 0)
    ) {
      throw new RangeError(`maxEventAgeMs must be a non-negative number, got ${policy.maxEventAgeMs}`);
    }
  }

  // Pure: the same inputs give the same decision, and neither the rack nor the locator is touched.
  decide(
    current: RackState | undefined,
    accepted: AcceptedStationEvent,
    context: RackDecisionContext,
  ): RackDecision {
    const { event, station, receivedAt } = accepted;
    if (current !== undefined && current.serial !== event.rackSerial) {
      throw new Error(`event ${event.eventId} is for rack ${event.rackSerial}, not ${current.serial}`);
    }

    // The contract layer should have refused these, but an invalid date would poison the rack's timeline.
    if (Number.isNaN(event.occurredAt.getTime()) || Number.isNaN(receivedAt.getTime())) {
      return rejected('malformed', `event ${event.eventId} has an invalid occurredAt or receivedAt`);
    }

    const aheadMs = event.occurredAt.getTime() - receivedAt.getTime();
    if (aheadMs > this.policy.maxClockSkewMs) {
      return rejected(
        'clock_skew',
        `occurredAt ${event.occurredAt.toISOString()} is ${aheadMs} ms after receipt at ${receivedAt.toISOString()}; at most ${this.policy.maxClockSkewMs} ms is allowed`,
      );
    }
    if (this.policy.maxEventAgeMs !== undefined) {
      const stale = staleEventDetail(event.occurredAt, receivedAt, this.policy.maxEventAgeMs);
      if (stale !== undefined) {
        return rejected('stale_event', stale);
      }
    }

    const unauthorised = refuseStationAuthority(station, event);
    if (unauthorised !== null) {
      return rejected('wrong_station', unauthorised.reason);
    }

    const model = event.rackModel ?? DEFAULT_RACK_MODEL;
    const route = current?.route ?? context.routeFor(model);
    if (route === undefined) {
      return rejected('unknown_model', describeMissingRoute(model));
    }
    if (!hasStage(route, event.stage)) {
      return rejected('unknown_stage', `stage ${event.stage} is not on the ${describeRoute(route)}`);
    }

    if (current === undefined) {
      return this.create(event, route);
    }

    if (isTerminalStatus(current.status)) {
      return rejected(
        'illegal_transition',
        `rack ${current.serial} is ${current.status} at ${current.stage}; it accepts no further events (got ${event.type})`,
      );
    }

    const move = this.move(current, event, context);
    if (isRejection(move)) {
      return move;
    }

    const from = positionOf(current);
    const moved = !samePosition(from, move.to);
    const rack: RackState = {
      serial: current.serial,
      model: current.model,
      route: current.route,
      stage: move.to.stage,
      status: move.to.status,
      held: move.held,
      reworkCount: move.reworkCount,
      failureCount: move.failureCount,
      slotCounts: move.slotCounts,
      stateEnteredAt: moved ? copyDate(event.occurredAt) : copyDate(current.stateEnteredAt),
      lastEventAt: copyDate(event.occurredAt),
      location: move.location,
      soak: move.soak,
      holdReason: move.holdReason,
    };
    const tookLocation = event.type === 'started' && move.location !== null;
    return {
      outcome: 'accepted',
      rack,
      transition: {
        rackSerial: rack.serial,
        eventId: event.eventId,
        eventType: event.type,
        stage: event.stage,
        from,
        to: move.to,
        occurredAt: copyDate(event.occurredAt),
        ...(tookLocation && move.location !== null ? { location: move.location } : {}),
        ...transitionReason(event, move),
      },
      installed: move.installed,
      removed: move.removed,
      measurements: (event.measurements ?? []).map(evaluateMeasurement),
      dispositions: move.dispositions,
    };
  }

  private create(event: StationEvent, route: RackRoute): RackDecision {
    const first = firstStage(route);
    if (event.type !== 'started' || event.stage !== first) {
      return rejected(
        'illegal_transition',
        `rack ${event.rackSerial} is unknown; it starts with started at ${first} (got ${event.type} at ${event.stage})`,
      );
    }
    const to: RackPosition = { stage: first, status: 'in_progress' };
    const rack: RackState = {
      serial: event.rackSerial,
      model: event.rackModel ?? DEFAULT_RACK_MODEL,
      route: snapshotRoute(route),
      stage: to.stage,
      status: to.status,
      held: null,
      reworkCount: 0,
      failureCount: 0,
      slotCounts: {},
      stateEnteredAt: copyDate(event.occurredAt),
      lastEventAt: copyDate(event.occurredAt),
      // Routes refuse a dwell on the first stage, so a new rack holds no position and runs no soak.
      location: null,
      soak: null,
      holdReason: null,
    };
    return {
      outcome: 'accepted',
      rack,
      transition: {
        rackSerial: rack.serial,
        eventId: event.eventId,
        eventType: event.type,
        stage: event.stage,
        from: null,
        to,
        occurredAt: copyDate(event.occurredAt),
      },
      installed: [],
      removed: [],
      measurements: (event.measurements ?? []).map(evaluateMeasurement),
      dispositions: [],
    };
  }

  // The transition table of docs/architecture.md plus the genealogy rules, for a non-terminal rack.
  private move(rack: RackState, event: StationEvent, context: RackDecisionContext): MoveResult {
    const { components } = context;
    const stage = event.stage;
    const position = positionOf(rack);
    const stay: Move = {
      to: position,
      held: rack.held,
      reworkCount: rack.reworkCount,
      failureCount: rack.failureCount,
      slotCounts: rack.slotCounts,
      installed: [],
      removed: [],
      location: rack.location,
      soak: rack.soak,
      holdReason: rack.holdReason,
      dispositions: [],
    };
    const refuse = (needs: string): RejectedRackDecision =>
      rejected(
        'illegal_transition',
        `${event.type} at ${stage} needs ${needs}; rack is ${formatPosition(position)}`,
      );
    const isAt = (status: RackPosition['status']): boolean => rack.stage === stage && rack.status === status;

    switch (event.type) {
      case 'started': {
        const previous = previousStage(rack.route, stage);
        const fromPreviousStage =
          previous !== undefined && rack.stage === previous && rack.status === 'passed';
        if (!fromPreviousStage && !isAt('waiting')) {
          const needs = [previous === undefined ? undefined : `(${previous}, passed)`, `(${stage}, waiting)`];
          return refuse(needs.filter((need) => need !== undefined).join(' or '));
        }
        return this.start(rack, event, context.burnIn ?? NO_BURN_IN_POSITIONS, stay);
      }
      case 'completed':
      case 'passed': {
        if (!isAt('in_progress')) {
          return refuse(`(${stage}, in_progress)`);
        }
        const problem =
          this.checkFailedComponents(rack, event, components) ??
          this.checkRequiredSlots(rack, stage) ??
          this.checkMeasurementLimits(event) ??
          this.checkDwell(rack, event);
        if (problem !== undefined) {
          return problem;
        }
        // A rack that passes leaves its burn-in position for the next one.
        return {
          ...stay,
          to: { stage, status: isLastStage(rack.route, stage) ? 'shipped' : 'passed' },
          location: null,
          soak: null,
        };
      }
      case 'failed': {
        if (!isAt('in_progress')) {
          return refuse(`(${stage}, in_progress)`);
        }
        const problem = this.checkFailedComponents(rack, event, components);
        if (problem !== undefined) {
          return problem;
        }
        // The run is over: a failed rack keeps its position but is no longer soaking, so its clock stops here
        // rather than counting on through rework (the retest starts a fresh one).
        const failed: Move = {
          ...stay,
          to: { stage, status: 'failed' },
          failureCount: rack.failureCount + 1,
          soak: null,
        };
        return this.dispose(rack, event, context.dispositions, failed);
      }
      case 'rework_started':
        if (!isAt('failed')) {
          return refuse(`(${stage}, failed)`);
        }
        return { ...stay, to: { stage, status: 'rework' }, reworkCount: rack.reworkCount + 1 };
      case 'rework_completed':
        if (!isAt('rework')) {
          return refuse(`(${stage}, rework)`);
        }
        return { ...stay, to: { stage, status: 'waiting' } };
      case 'hold':
        if (rack.stage !== stage || rack.status === 'on_hold') {
          return refuse(`a rack at ${stage} that is not on hold`);
        }
        return {
          ...stay,
          to: { stage, status: 'on_hold' },
          held: position,
          // Only a running soak has a clock to stop; a failed or waiting rack is not soaking.
          soak:
            rack.soak !== null && rack.status === 'in_progress'
              ? pauseSoak(rack.soak, event.occurredAt)
              : rack.soak,
          holdReason: { reason: event.reason ?? null, reasonCode: event.reasonCode ?? null },
        };
      case 'release': {
        if (!isAt('on_hold')) {
          return refuse(`(${stage}, on_hold)`);
        }
        if (rack.held === null) {
          // Only a corrupted store produces this; guessing a position would silently move the rack.
          throw new Error(`rack ${rack.serial} is on hold but remembers no held position`);
        }
        return {
          ...stay,
          to: rack.held,
          held: null,
          soak: rack.soak === null ? null : resumeSoak(rack.soak, event.occurredAt),
          holdReason: null,
        };
      }
      case 'scrap':
        if (rack.stage !== stage) {
          return refuse(`a rack at ${stage}`);
        }
        return {
          ...stay,
          to: { stage, status: 'scrapped' },
          held: null,
          location: null,
          soak: null,
          holdReason: null,
        };
      case 'component_installed':
      case 'component_removed': {
        const first = firstStage(rack.route);
        const open =
          rack.stage === stage &&
          ((stage === first && rack.status === 'in_progress') || rack.status === 'rework');
        if (!open) {
          return refuse(`(${first}, in_progress) or a rack in rework at ${stage}`);
        }
        const refs = event.components ?? [];
        if (refs.length === 0) {
          return rejected('illegal_transition', `${event.type} at ${stage} lists no components`);
        }
        return event.type === 'component_installed'
          ? this.install(rack, refs, components, stay)
          : this.remove(rack, refs, components, stay);
      }
      default:
        return assertUnreachable(event.type, 'station event type');
    }
  }

  /**
   * `started` from the previous stage or for a retest. At a stage with a dwell the rack must name a free
   * position of a cell at the station's site and its soak clock starts; elsewhere any location is ignored
   * (a terminal configured for burn-in at a stage that has none must not stop the line).
   */
  private start(rack: RackState, event: StationEvent, burnIn: BurnInPositions, stay: Move): MoveResult {
    const stage = event.stage;
    const to: RackPosition = { stage, status: 'in_progress' };
    if (dwellOf(rack.route, stage) === undefined) {
      return { ...stay, to, location: null, soak: null };
    }
    const location = event.location;
    if (location === undefined) {
      return rejected(
        'location_required',
        `started at ${stage} needs a location {cell, position}: ${stage} has a dwell and racks soak in numbered positions`,
      );
    }
    const cell = burnIn.cell(location.cell);
    if (cell === undefined) {
      return rejected(
        'unknown_position',
        `cell ${location.cell} is not registered at the station's site; register it with PUT /v1/sites/{site}/burn-in-cells/${location.cell}`,
      );
    }
    if (!Number.isInteger(location.position) || location.position < 1 || location.position > cell.positions) {
      return rejected(
        'unknown_position',
        `cell ${location.cell} has positions 1 to ${cell.positions}; got ${location.position}`,
      );
    }
    const occupant = burnIn.occupant(location);
    if (occupant !== undefined && occupant !== rack.serial) {
      return rejected(
        'position_occupied',
        `position ${formatLocation(location)} is held by rack ${occupant}; it frees when that rack passes, is scrapped or starts elsewhere`,
      );
    }
    const retest = rack.stage === stage && rack.status === 'waiting';
    return {
      ...stay,
      to,
      location: { cell: location.cell, position: location.position },
      soak: startSoak(stage, event.occurredAt, retest),
    };
  }

  /** A pass at a dwell stage needs the run's minimum time in progress, holds left out. */
  private checkDwell(rack: RackState, event: StationEvent): RejectedRackDecision | undefined {
    const dwell = dwellOf(rack.route, event.stage);
    if (dwell === undefined) {
      return undefined;
    }
    if (rack.soak === null || rack.soak.stage !== event.stage) {
      // Only a rack stored before its route had a dwell gets here: it has no clock to judge by.
      return undefined;
    }
    const required = requiredSoakMs(dwell, rack.soak.retest);
    const soaked = soakedMs(rack.soak, event.occurredAt);
    if (soaked >= required) {
      return undefined;
    }
    const run = rack.soak.retest ? 'a retest needs' : 'needs';
    return rejected(
      'dwell_too_short',
      `${event.type} at ${event.stage}: ${run} ${formatHours(required)} in progress since its last started (holds not counted); rack ${rack.serial} has ${formatHours(soaked, Math.floor)}, ${formatHours(required - soaked, Math.ceil)} left`,
    );
  }

  private install(
    rack: RackState,
    refs: readonly ComponentRef[],
    components: ComponentLocator,
    stay: Move,
  ): MoveResult {
    const installed: InstalledComponent[] = [];
    const inThisEvent = new Set<string>();
    for (const ref of refs) {
      const { partNumber, kind, supplierId, lot } = ref;
      if (partNumber === undefined || kind === undefined || supplierId === undefined || lot === undefined) {
        return rejected(
          'malformed',
          `component ${ref.serial} needs partNumber, kind, supplierId and lot to be installed`,
        );
      }
      if (inThisEvent.has(ref.serial)) {
        return rejected('component_in_use', `component ${ref.serial} is listed twice in this event`);
      }
      const existing = components.find(ref.serial);
      if (existing !== undefined) {
        return rejected(
          'component_in_use',
          `component ${ref.serial} is already installed in rack ${existing.rackSerial}`,
        );
      }
      const parentSerial = ref.parentSerial ?? null;
      if (parentSerial !== null && !inThisEvent.has(parentSerial)) {
        const parent = components.find(parentSerial);
        if (parent?.rackSerial !== rack.serial) {
          return rejected(
            'parent_not_installed',
            `parent ${parentSerial} of component ${ref.serial} is not installed in rack ${rack.serial}; ${whereInstalled(parent)}`,
          );
        }
      }
      inThisEvent.add(ref.serial);
      installed.push({
        serial: ref.serial,
        rackSerial: rack.serial,
        partNumber,
        kind,
        supplierId,
        lot,
        parentSerial,
      });
    }
    return { ...stay, slotCounts: adjustSlotCounts(rack.slotCounts, installed, []), installed };
  }

  private remove(
    rack: RackState,
    refs: readonly ComponentRef[],
    components: ComponentLocator,
    stay: Move,
  ): MoveResult {
    const removed: InstalledComponent[] = [];
    const inThisEvent = new Set<string>();
    for (const ref of refs) {
      if (inThisEvent.has(ref.serial)) {
        return rejected('component_not_installed', `component ${ref.serial} is listed twice in this event`);
      }
      const existing = components.find(ref.serial);
      if (existing?.rackSerial !== rack.serial) {
        return rejected(
          'component_not_installed',
          `component ${ref.serial} is not installed in rack ${rack.serial}; ${whereInstalled(existing)}`,
        );
      }
      inThisEvent.add(ref.serial);
      removed.push(existing);
    }
    // Removing a parent alone would leave children pointing at a component that is no longer there.
    for (const component of removed) {
      const leftBehind = components.childrenOf(component.serial).filter((child) => !inThisEvent.has(child));
      if (leftBehind.length > 0) {
        return rejected(
          'component_has_children',
          `component ${component.serial} still holds ${leftBehind.join(', ')}; remove them in the same event`,
        );
      }
    }
    return { ...stay, slotCounts: adjustSlotCounts(rack.slotCounts, [], removed), removed };
  }

  /**
   * The dispositions of a failure's codes. An engineering hold puts the rack on hold at once, remembering it
   * failed, with reason code `mrb` (material review board): releasing it returns it to (stage, failed).
   */
  private dispose(
    rack: RackState,
    event: StationEvent,
    context: DispositionContext | undefined,
    failed: Move,
  ): Move {
    const failures = event.failures ?? [];
    if (failures.length === 0) return failed;
    const { table, history } = context ?? { table: DEFAULT_DISPOSITION_TABLE, history: NO_FAILURE_HISTORY };
    const dispositions = disposeFailures(table, history, failures, rack.serial, event.occurredAt);
    const hold = engineeringHoldOf(dispositions);
    if (hold === undefined) return { ...failed, dispositions };
    return {
      ...failed,
      dispositions,
      to: { stage: event.stage, status: 'on_hold' },
      held: failed.to,
      holdReason: { reason: engineeringHoldReason(hold), reasonCode: 'mrb' },
    };
  }

  private checkFailedComponents(
    rack: RackState,
    event: StationEvent,
    components: ComponentLocator,
  ): RejectedRackDecision | undefined {
    const named = [
      ...(event.failedComponents ?? []).map((serial) => ({ serial, what: `failed component ${serial}` })),
      ...(event.failures ?? []).flatMap(({ code, componentSerial: serial }) =>
        serial === undefined ? [] : [{ serial, what: `failure ${code} names part ${serial}, which` }],
      ),
    ];
    for (const { serial, what } of named) {
      const component = components.find(serial);
      if (component?.rackSerial !== rack.serial) {
        return rejected(
          'component_not_installed',
          `${what} is not installed in rack ${rack.serial}; ${whereInstalled(component)}`,
        );
      }
    }
    return undefined;
  }

  // Only the first stage builds the rack, so that is where an incomplete build must be stopped.
  private checkRequiredSlots(rack: RackState, stage: string): RejectedRackDecision | undefined {
    if (!isFirstStage(rack.route, stage)) {
      return undefined;
    }
    const shortfalls: string[] = [];
    for (const kind of COMPONENT_KINDS) {
      const need = rack.route.requiredSlots[kind] ?? 0;
      const have = rack.slotCounts[kind] ?? 0;
      if (have < need) {
        shortfalls.push(`${kind} ${have}/${need}`);
      }
    }
    if (shortfalls.length === 0) {
      return undefined;
    }
    return rejected(
      'required_slots_unmet',
      `rack ${rack.serial} cannot pass ${stage} with unmet slots (have/need): ${shortfalls.join(', ')}`,
    );
  }

  // `completed` is held to the same limits as `passed`: both move the rack on as good.
  private checkMeasurementLimits(event: StationEvent): RejectedRackDecision | undefined {
    const outside = (event.measurements ?? []).filter(
      (measurement) => !evaluateMeasurement(measurement).passed,
    );
    if (outside.length === 0) {
      return undefined;
    }
    return rejected(
      'measurement_out_of_limits',
      `${event.type} at ${event.stage} has measurements outside their limits: ${outside.map(formatMeasurement).join('; ')}`,
    );
  }
}

export interface RackReplay {
  readonly racks: Map<string, RackState>;
  readonly decisions: RackDecision[];
}

// Replays events in the given order over any number of racks, layering accepted genealogy over
// context.components so that later events see earlier installs, and dispositions over the failure history so
// that repeats escalate. The caller's locator is not modified.
export function replayRacks(
  events: readonly AcceptedStationEvent[],
  context: RackDecisionContext,
  machine: RackStateMachine,
): RackReplay {
  const components = new ComponentLocatorOverlay(context.components);
  const burnIn = new BurnInOccupancy(context.burnIn ?? NO_BURN_IN_POSITIONS);
  const history = new FailureHistoryOverlay(context.dispositions?.history ?? NO_FAILURE_HISTORY);
  const overlayContext: RackDecisionContext = {
    routeFor: (model) => context.routeFor(model),
    components,
    burnIn,
    dispositions: { table: context.dispositions?.table ?? DEFAULT_DISPOSITION_TABLE, history },
  };
  const racks = new Map<string, RackState>();
  const decisions: RackDecision[] = [];
  for (const accepted of events) {
    const serial = accepted.event.rackSerial;
    const decision = machine.decide(racks.get(serial), accepted, overlayContext);
    decisions.push(decision);
    if (decision.outcome === 'accepted') {
      burnIn.move(serial, racks.get(serial)?.location ?? null, decision.rack.location);
      racks.set(serial, decision.rack);
      components.apply(decision);
      history.record(decision.dispositions, accepted.event.occurredAt);
    }
  }
  return { racks, decisions };
}

// One rack's history, e.g. the reference replay that a fault-injection run is compared against.
export function replayRack(
  events: readonly AcceptedStationEvent[],
  context: RackDecisionContext,
  machine: RackStateMachine,
): { state: RackState | undefined; decisions: RackDecision[] } {
  const serial = events[0]?.event.rackSerial;
  const stranger = events.find((accepted) => accepted.event.rackSerial !== serial);
  if (stranger !== undefined) {
    throw new Error(
      `replayRack replays one rack; event ${stranger.event.eventId} is for ${stranger.event.rackSerial}, not ${serial}`,
    );
  }
  const { racks, decisions } = replayRacks(events, context, machine);
  return { state: serial === undefined ? undefined : racks.get(serial), decisions };
}
