import {
  BurnInOccupancy,
  DEFAULT_DISPOSITION_TABLE,
  FailureHistoryOverlay,
  InMemoryComponentLocator,
  NO_FAILURE_HISTORY,
  RackStateMachine,
  type InstalledComponent,
  type RackDecisionContext,
  type RackRoute,
  type RackState,
  type StationEventType,
} from '#domain';
import { burnInPositionsOf, type BurnInCellSpec, type FaultRates } from './factory-config.js';
import type { PlannedEvent, PostedEvent, StationSpec } from './factory-model.js';
import { SeededRandom } from './seeded-random.js';

export type FaultKind =
  'duplicate' | 'out_of_order' | 'illegal' | 'clock_skew' | 'correction' | 'component_in_use';

/** What the tracker should make of a post: applied, ignored as a re-post, or refused for a reason. */
export type ExpectedOutcome = 'accepted' | 'duplicate' | `rejected:${string}`;

/** One event as a terminal will post it, in the order it must be posted for its rack. */
export interface PostItem {
  seq: number;
  station: StationSpec;
  event: PostedEvent;
  fault: FaultKind | null;
  /** Set for a terminal whose clock runs ahead: occurredAt becomes the wall clock plus this, when posted. */
  skewAheadMs?: number;
  expected: ExpectedOutcome;
}

export interface FaultCounts {
  duplicate: number;
  out_of_order: number;
  illegal: number;
  clock_skew: number;
  correction: number;
  component_in_use: number;
}

const SKEW_AHEAD_MS = 10 * 60_000;

// Types a station may post that the rack's state may not allow; the first refused one is the mistake made.
const STATION_MISTAKES: readonly StationEventType[] = [
  'rework_completed',
  'passed',
  'started',
  'rework_started',
  'failed',
];
const SUPERVISOR_MISTAKES: readonly StationEventType[] = ['release', 'hold'];

/**
 * Turns the floor's events into the posts a fleet of imperfect terminals makes — duplicates, out-of-order
 * posts with their correction, illegal events, runaway clocks — and predicts what the tracker decides on each,
 * by running the same pure state machine over the posts in the order they will reach Kafka.
 */
export class FaultInjector {
  private readonly random: SeededRandom;
  private readonly machine = new RackStateMachine({ maxClockSkewMs: 120_000 });
  private readonly context: RackDecisionContext;
  private readonly components = new InMemoryComponentLocator();
  /** What each open rack holds, so a finished rack's parts can be forgotten and a reused serial found. */
  private readonly installedByRack = new Map<string, Map<string, InstalledComponent>>();
  private readonly racks = new Map<string, RackState>();
  // Who holds which burn-in position, as the tracker will see it (cell ids are unique across the factory).
  private readonly positions: BurnInOccupancy;
  // Failure codes seen so far, as the tracker's history: a repeat escalates (and may hold the rack for MRB).
  private readonly failureHistory = new FailureHistoryOverlay(NO_FAILURE_HISTORY);
  private readonly heldBack = new Map<string, PlannedEvent>();
  private seq = 0;
  readonly injected: FaultCounts = {
    duplicate: 0,
    out_of_order: 0,
    illegal: 0,
    clock_skew: 0,
    correction: 0,
    component_in_use: 0,
  };
  readonly expected = new Map<ExpectedOutcome, number>();

  constructor(
    private readonly rates: FaultRates,
    route: RackRoute,
    seed: string,
    cells: readonly BurnInCellSpec[] = [],
  ) {
    this.random = SeededRandom.fromText(`faults:${seed}`);
    this.positions = burnInPositionsOf(cells);
    this.context = {
      routeFor: () => route,
      components: this.components,
      burnIn: this.positions,
      dispositions: { table: DEFAULT_DISPOSITION_TABLE, history: this.failureHistory },
    };
  }

  /** Racks the injector still follows (started, not yet shipped or scrapped). */
  get openRacks(): number {
    return this.racks.size;
  }

  process(planned: readonly PlannedEvent[]): PostItem[] {
    const out: PostItem[] = [];
    for (const next of planned) this.processOne(next, out);
    return out;
  }

  /** Posts every event still held back for an out-of-order fault (end of run). */
  flush(): PostItem[] {
    const out: PostItem[] = [];
    for (const held of this.heldBack.values()) this.post(held.station, held.event, null, out);
    this.heldBack.clear();
    return out;
  }

  private processOne(planned: PlannedEvent, out: PostItem[]): void {
    const serial = planned.event.rackSerial;
    const held = this.heldBack.get(serial);
    if (held !== undefined) {
      this.heldBack.delete(serial);
      this.postSwapped(held, planned, out);
      this.forgetIfFinal(planned);
      return;
    }

    if (this.random.chance(this.rates.illegal)) this.postMistake(planned, out);
    if (planned.event.type === 'component_installed' && this.random.chance(this.rates.componentReuse ?? 0))
      this.postReusedSerial(planned, out);
    if (this.random.chance(this.rates.clockSkew)) {
      this.injected.clock_skew += 1;
      this.post(
        planned.station,
        { ...planned.event, eventId: this.random.uuid() },
        'clock_skew',
        out,
        SKEW_AHEAD_MS,
      );
    }
    if (!planned.final && this.random.chance(this.rates.outOfOrder)) {
      this.heldBack.set(serial, planned);
      return;
    }
    this.post(planned.station, planned.event, null, out);
    if (this.random.chance(this.rates.duplicate)) {
      this.injected.duplicate += 1;
      this.post(planned.station, planned.event, 'duplicate', out);
    }
    this.forgetIfFinal(planned);
  }

  /** `later` overtakes `earlier`; the tracker refuses it, and the terminal re-posts it under a new id. */
  private postSwapped(earlier: PlannedEvent, later: PlannedEvent, out: PostItem[]): void {
    const overtaking = this.decide(later.station, later.event);
    if (overtaking === 'accepted') {
      // Order did not matter for this pair, so there is no fault to inject.
      this.post(earlier.station, earlier.event, null, out);
      this.post(later.station, later.event, null, out);
      return;
    }
    this.injected.out_of_order += 1;
    this.injected.correction += 1;
    this.post(later.station, later.event, 'out_of_order', out);
    this.post(earlier.station, earlier.event, null, out);
    this.post(later.station, { ...later.event, eventId: this.random.uuid() }, 'correction', out);
  }

  private postMistake(planned: PlannedEvent, out: PostItem[]): void {
    const candidates = planned.station.role === 'supervisor' ? SUPERVISOR_MISTAKES : STATION_MISTAKES;
    for (const type of candidates) {
      const mistake: PostedEvent = {
        eventId: this.random.uuid(),
        rackSerial: planned.event.rackSerial,
        stationId: planned.event.stationId,
        stage: planned.event.stage,
        type,
        occurredAt: planned.event.occurredAt,
        operatorId: planned.event.operatorId,
      };
      if (this.decide(planned.station, mistake) === 'accepted') continue;
      this.injected.illegal += 1;
      this.post(planned.station, mistake, 'illegal', out);
      return;
    }
  }

  /**
   * The operator scans a part whose label carries the serial of a part already built into another rack on the
   * line; the tracker refuses it (component_in_use) and the operator then scans the right parts.
   */
  private postReusedSerial(planned: PlannedEvent, out: PostItem[]): void {
    const scanned = planned.event.components?.[0];
    const others = [...this.installedByRack.entries()].filter(
      ([serial, installed]) => serial !== planned.event.rackSerial && installed.size > 0,
    );
    if (scanned === undefined || others.length === 0) return;
    const [, installed] = this.random.pick(others);
    const reused = this.random.pick([...installed.keys()]);
    this.injected.component_in_use += 1;
    this.post(
      planned.station,
      { ...planned.event, eventId: this.random.uuid(), components: [{ ...scanned, serial: reused }] },
      'component_in_use',
      out,
    );
  }

  private post(
    station: StationSpec,
    event: PostedEvent,
    fault: FaultKind | null,
    out: PostItem[],
    skewAheadMs?: number,
  ): void {
    const expected: ExpectedOutcome =
      fault === 'duplicate'
        ? 'duplicate'
        : skewAheadMs !== undefined
          ? 'rejected:clock_skew'
          : this.apply(station, event);
    this.expected.set(expected, (this.expected.get(expected) ?? 0) + 1);
    const item: PostItem = { seq: this.seq++, station, event, fault, expected };
    if (skewAheadMs !== undefined) item.skewAheadMs = skewAheadMs;
    out.push(item);
  }

  private decide(station: StationSpec, event: PostedEvent): ExpectedOutcome {
    const decision = this.machine.decide(
      this.racks.get(event.rackSerial),
      this.accepted(station, event),
      this.context,
    );
    return decision.outcome === 'accepted' ? 'accepted' : `rejected:${decision.reason}`;
  }

  private apply(station: StationSpec, event: PostedEvent): ExpectedOutcome {
    const decision = this.machine.decide(
      this.racks.get(event.rackSerial),
      this.accepted(station, event),
      this.context,
    );
    if (decision.outcome === 'rejected') return `rejected:${decision.reason}`;
    const before = this.racks.get(event.rackSerial)?.location ?? null;
    this.positions.move(event.rackSerial, before, decision.rack.location);
    this.racks.set(event.rackSerial, decision.rack);
    this.failureHistory.record(decision.dispositions, new Date(event.occurredAt));
    if (decision.installed.length > 0 || decision.removed.length > 0) {
      this.components.apply(decision);
      const installed = this.installedByRack.get(event.rackSerial) ?? new Map<string, InstalledComponent>();
      for (const component of decision.removed) installed.delete(component.serial);
      for (const component of decision.installed) installed.set(component.serial, component);
      this.installedByRack.set(event.rackSerial, installed);
    }
    return 'accepted';
  }

  private accepted(station: StationSpec, event: PostedEvent) {
    const occurredAt = new Date(event.occurredAt);
    return {
      event: { ...event, occurredAt },
      station: { stationId: station.stationId, stage: station.stage, role: station.role },
      // Ingest stamps receipt after the event happened; skew is injected separately.
      receivedAt: occurredAt,
    };
  }

  /**
   * A rack that left the line keeps its parts in the tracker, but no later post can name them (serials are never
   * reused), so the model forgets them rather than grow for as long as the simulator runs.
   */
  private forgetIfFinal(planned: PlannedEvent): void {
    if (!planned.final) return;
    const serial = planned.event.rackSerial;
    this.racks.delete(serial);
    const installed = this.installedByRack.get(serial);
    if (installed !== undefined) this.components.apply({ installed: [], removed: [...installed.values()] });
    this.installedByRack.delete(serial);
  }
}
