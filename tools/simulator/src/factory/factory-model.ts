import {
  DEFAULT_DISPOSITION_TABLE,
  disposeFailures,
  FailureHistoryOverlay,
  NO_FAILURE_HISTORY,
  type BurnInLocation,
  type ComponentKind,
  type FailureDisposition,
  type FailureReport,
  type StationEventType,
  type StationRole,
} from '#domain';
import type {
  BillOfMaterials,
  FactoryConfig,
  LineSpec,
  PartSource,
  PartSpec,
  SiteSpec,
  StageSpec,
} from './factory-config.js';
import { SeededRandom } from './seeded-random.js';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
// Unloading a soaked rack from its burn-in position and loading the next one.
const CHANGEOVER_MINUTES = 20;
// A part reseated or retested rather than replaced was often marginal: this is its chance of failing its next run
// again, which is what makes repeats (and so escalation to replace_part) show up in the demo.
const MARGINAL_REFAIL_CHANCE = 0.35;

/**
 * What a failing part of each kind reports, with weights: the codes GB200-class testers emit (Xid and DCGM for GPUs,
 * SXid for NVSwitch trays, Redfish leak states for the manifolds). The tracker dispositions them by its table.
 */
const FAILURE_CODES: Readonly<
  Record<ComponentKind, readonly [code: string, weight: number, message: string][]>
> = {
  compute_tray: [
    ['FUNC-BMC_TIMEOUT', 3, 'BMC did not answer Redfish within 60 s'],
    ['VISUAL-BENT_PIN', 1, 'bent pin on the midplane connector'],
  ],
  gpu: [
    ['XID-79', 35, 'GPU has fallen off the bus'],
    ['XID-48', 25, 'double-bit ECC error'],
    ['XID-13', 15, 'graphics engine exception'],
    ['XID-74', 15, 'NVLink error'],
    ['DCGM-ISOLATE', 10, 'DCGM diagnostic: isolate the GPU'],
  ],
  cpu: [
    ['DCGM-RESET', 2, 'DCGM diagnostic: reset required'],
    ['FUNC-CPU_MCE', 1, 'machine check exception under load'],
  ],
  nic: [['FUNC-LINK_DOWN', 1, 'port link down under traffic']],
  switch_tray: [
    ['SXID-NONFATAL', 3, 'NVSwitch non-fatal error'],
    ['SXID-20034', 1, 'NVSwitch fatal error, link training failed'],
  ],
  psu: [
    ['PSU-OVERVOLTAGE', 2, 'output over voltage'],
    ['PSU-FAN_FAIL', 1, 'fan failure'],
  ],
  cable_cartridge: [['XID-74', 1, 'NVLink error on the cable cartridge']],
  cooling: [
    ['COOLANT-LOW_FLOW', 6, 'coolant flow below 40 l/min'],
    ['LEAK-WARNING', 3, 'leak detector Warning'],
    ['LEAK-CRITICAL', 1, 'leak detector Critical'],
  ],
  other: [['FUNC-TEST_FAIL', 1, 'functional test failed']],
};
// Actions after which the part stays in the rack; the others take it out in rework.
const KEEPS_PART: ReadonlySet<FailureDisposition['action']> = new Set(['retest', 'reseat', 'fix_firmware']);

/** A terminal as ingest registers it. */
export interface StationSpec {
  stationId: string;
  stage: string;
  role: StationRole;
  siteId: string;
  lineId: string;
}

export interface PostedMeasurement {
  name: string;
  value: number;
  unit: string;
  low?: number;
  high?: number;
}

/** A component as a terminal scans it: everything for an install, the serial alone for a removal. */
export interface PostedComponent {
  serial: string;
  partNumber?: string;
  kind?: ComponentKind;
  supplierId?: string;
  lot?: string;
  parentSerial?: string;
}

/** The JSON body of one station event, exactly as a terminal posts it. */
export interface PostedEvent {
  eventId: string;
  rackSerial: string;
  stationId: string;
  stage: string;
  type: StationEventType;
  occurredAt: string;
  operatorId: string;
  rackModel?: string;
  details?: Record<string, string | number>;
  components?: PostedComponent[];
  failedComponents?: string[];
  failures?: FailureReport[];
  measurements?: PostedMeasurement[];
  location?: BurnInLocation;
  reason?: string;
  reasonCode?: string;
}

type EventExtras = Partial<
  Pick<
    PostedEvent,
    | 'rackModel'
    | 'details'
    | 'components'
    | 'failedComponents'
    | 'failures'
    | 'measurements'
    | 'location'
    | 'reason'
    | 'reasonCode'
  >
>;

/** Why supervisors hold racks on a liquid-cooled line, with the code the hold carries. */
const HOLD_REASONS: readonly { reasonCode: string; reason: string }[] = [
  { reasonCode: 'facility', reason: 'chiller loop pressure alarm, cooling paused' },
  { reasonCode: 'mrb', reason: 'MRB review of a GPU tray' },
  { reasonCode: 'material', reason: 'waiting for a replacement PSU' },
  { reasonCode: 'quality', reason: 'leak detector warning on the coolant manifold' },
];

/** A site's burn-in positions: which are free, lowest first, so a board fills from the front. */
class PositionPool {
  private readonly free: BurnInLocation[];

  constructor(cells: readonly { cellId: string; positions: number }[]) {
    this.free = cells.flatMap((cell) =>
      Array.from({ length: cell.positions }, (_, index) => ({ cell: cell.cellId, position: index + 1 })),
    );
  }

  take(): BurnInLocation | undefined {
    return this.free.shift();
  }

  give(location: BurnInLocation): void {
    this.free.push(location);
  }
}

/** Something that happened on the floor, at simulated time `at`, reported by `station`. */
export interface PlannedEvent {
  at: number;
  station: StationSpec;
  event: PostedEvent;
  /** The rack left the line (shipped or scrapped) with this event. */
  final: boolean;
}

interface Happening {
  at: number;
  seq: number;
  run: () => void;
}

/** Binary min-heap on (at, seq): the simulation's agenda. */
class Agenda {
  private readonly items: Happening[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): Happening | undefined {
    return this.items[0];
  }

  push(at: number, run: () => void): void {
    this.items.push({ at, seq: this.seq++, run });
    let index = this.items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(this.items[index], this.items[parent])) break;
      [this.items[index], this.items[parent]] = [this.items[parent], this.items[index]];
      index = parent;
    }
  }

  pop(): Happening | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined || this.items.length === 0) return top;
    this.items[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.items.length && this.before(this.items[left], this.items[smallest])) smallest = left;
      if (right < this.items.length && this.before(this.items[right], this.items[smallest])) smallest = right;
      if (smallest === index) break;
      [this.items[index], this.items[smallest]] = [this.items[smallest], this.items[index]];
      index = smallest;
    }
    return top;
  }

  private before(a: Happening, b: Happening): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

interface StageFloor {
  spec: StageSpec;
  stations: StationSpec[];
  busySlots: number[];
  /** Racks waiting for a free slot, first come first served (retests included). */
  queue: RackOnFloor[];
}

interface LineFloor {
  site: SiteSpec;
  line: LineSpec;
  stages: StageFloor[];
  supervisor: StationSpec;
  nextSerial: number;
  /** The site's burn-in positions, shared by its lines; absent without cells. */
  positions: PositionPool | undefined;
}

/** A part built into a rack, with what the floor knows about it and the terminals never post: its failure rate. */
interface BuiltComponent {
  serial: string;
  part: PartSpec;
  supplierId: string;
  lot: string;
  parentSerial: string | null;
  burnInFailureRate: number;
  /** Reseated or retested after a failure, not replaced: likelier to fail its next run (MARGINAL_REFAIL_CHANCE). */
  marginal: boolean;
}

interface RackOnFloor {
  serial: string;
  line: LineFloor;
  stageIndex: number;
  stationIndex: number;
  failures: number;
  /** The as-built tree in install order (a parent always before its children); empty without a bill of materials. */
  components: Map<string, BuiltComponent>;
  /** The burn-in position held, from the start at a dwell stage until the rack passes or is scrapped. */
  location: BurnInLocation | null;
  /** The next run at the dwell stage is a retest (after rework). */
  retest: boolean;
}

export interface FactoryModelOptions {
  /** Simulated time at which the (empty) line opens, epoch ms. */
  start: number;
  /** Makes serials and event ids unique to this run, so a second run never collides with the first. */
  runId: string;
}

export interface FactoryTotals {
  racksStarted: number;
  racksShipped: number;
  racksScrapped: number;
  events: number;
  componentsInstalled: number;
  /** Parts that failed the test stage and were swapped in rework. */
  componentsReplaced: number;
  /** Failures that put the rack on engineering hold (MRB) before rework. */
  engineeringHolds: number;
}

const STAGE_ABBREVIATIONS: Record<string, string> = {
  assembly: 'ASSY',
  burn_in: 'BURNIN',
  qa: 'QA',
  ship: 'SHIP',
};

function stageAbbreviation(stage: string): string {
  return STAGE_ABBREVIATIONS[stage] ?? stage.replaceAll('_', '').toUpperCase().slice(0, 8);
}

/** Station ids a person can read on a floor plan: FAB-A-A1-BURNIN-02. */
export function stationIdFor(siteId: string, lineId: string, stage: string, index: number): string {
  return `${siteId}-${lineId}-${stageAbbreviation(stage)}-${String(index + 1).padStart(2, '0')}`.toUpperCase();
}

export function supervisorIdFor(siteId: string, lineId: string): string {
  return `${siteId}-${lineId}-SUP`.toUpperCase();
}

/**
 * A discrete-event model of the factory floor: racks arrive at each line, queue for a free slot at each stage,
 * take a variable time there, fail tests and go through rework, get held and released by a supervisor, and
 * are sometimes scrapped. It reports what the terminals would post, in simulated-time order. Deterministic
 * for a given seed and run id; lazy, so it can run forever.
 */
export class FactoryModel {
  private readonly agenda = new Agenda();
  private readonly random: SeededRandom;
  private readonly lines: LineFloor[];
  private readonly emitted: PlannedEvent[] = [];
  private readonly prefix: string;
  private readonly runTag: string;
  private readonly serialCounters = new Map<string, number>();
  private readonly lotCounters = new Map<PartSource, number>();
  readonly totals: FactoryTotals = {
    racksStarted: 0,
    racksShipped: 0,
    racksScrapped: 0,
    events: 0,
    componentsInstalled: 0,
    componentsReplaced: 0,
    engineeringHolds: 0,
  };
  // The tracker's dispositions, worked out the same way (the shipped table, the same history), so the floor
  // reseats, replaces or holds for MRB exactly as the tracker tells it to.
  private readonly failureHistory = new FailureHistoryOverlay(NO_FAILURE_HISTORY);

  constructor(
    private readonly config: FactoryConfig,
    options: FactoryModelOptions,
  ) {
    this.random = SeededRandom.fromText(`${config.seed}:${options.runId}`);
    this.prefix = `RK-${options.runId}`.toUpperCase();
    this.runTag = options.runId.toUpperCase();
    this.lines = config.sites.flatMap((site) => {
      const positions = site.burnInCells === undefined ? undefined : new PositionPool(site.burnInCells);
      return site.lines.map((line) => ({
        site,
        line,
        stages: config.stages.map((spec) => ({
          spec,
          stations: Array.from({ length: spec.stations }, (_, index) => ({
            stationId: stationIdFor(site.siteId, line.lineId, spec.stage, index),
            stage: spec.stage,
            role: 'station' as const,
            siteId: site.siteId,
            lineId: line.lineId,
          })),
          busySlots: Array.from({ length: spec.stations }, () => 0),
          queue: [],
        })),
        // A supervisor is registered at the first stage but may hold, release and scrap anywhere on the line.
        supervisor: {
          stationId: supervisorIdFor(site.siteId, line.lineId),
          stage: config.stages[0].stage,
          role: 'supervisor' as const,
          siteId: site.siteId,
          lineId: line.lineId,
        },
        nextSerial: 1,
        positions,
      }));
    });
    for (const line of this.lines) this.scheduleArrival(line, options.start);
  }

  /** Every terminal of the factory, supervisors included: what the simulator registers with ingest. */
  stations(): StationSpec[] {
    return this.lines.flatMap((line) => [...line.stages.flatMap((stage) => stage.stations), line.supervisor]);
  }

  /** Simulated time of the next thing that will happen. */
  nextTime(): number {
    return this.agenda.peek()?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Runs the floor up to and including `until` and returns what the terminals report, in time order. */
  advanceTo(until: number): PlannedEvent[] {
    for (let next = this.agenda.peek(); next !== undefined && next.at <= until; next = this.agenda.peek()) {
      this.agenda.pop();
      next.run();
    }
    return this.emitted.splice(0);
  }

  /** Runs until at least `count` events are reported (or nothing is left to happen). */
  take(count: number): PlannedEvent[] {
    const out: PlannedEvent[] = [];
    while (out.length < count && this.agenda.size > 0) out.push(...this.advanceTo(this.nextTime()));
    return out;
  }

  private scheduleArrival(line: LineFloor, after: number): void {
    const at = after + this.random.exponential(WEEK / line.line.racksPerWeek);
    this.agenda.push(at, () => this.arrive(line, at));
  }

  private arrive(line: LineFloor, now: number): void {
    const serial =
      `${this.prefix}-${line.site.siteId}-${line.line.lineId}-${String(line.nextSerial).padStart(6, '0')}`.toUpperCase();
    line.nextSerial += 1;
    this.totals.racksStarted += 1;
    line.stages[0].queue.push({
      serial,
      line,
      stageIndex: 0,
      stationIndex: -1,
      failures: 0,
      components: new Map(),
      location: null,
      retest: false,
    });
    this.startWaiting(line.stages[0], now);
    this.scheduleArrival(line, now);
  }

  /** Fills free slots at a stage from its queue (free positions, at a stage with a dwell). */
  private startWaiting(floor: StageFloor, now: number): void {
    if (floor.spec.dwell !== undefined) return this.startSoaking(floor, now);
    while (floor.queue.length > 0) {
      const stationIndex = this.freeStation(floor);
      if (stationIndex < 0) return;
      const rack = floor.queue.shift()!;
      floor.busySlots[stationIndex] += 1;
      rack.stationIndex = stationIndex;
      this.work(rack, floor, now);
    }
  }

  /**
   * A stage with a dwell is limited by positions, not station slots: a rack keeps its position through failure
   * and rework (a retest starts where it stood), and a new run starts only when a position of the site is free.
   */
  private startSoaking(floor: StageFloor, now: number): void {
    while (floor.queue.length > 0) {
      const rack = floor.queue[0]!;
      if (rack.location === null) {
        const location = floor.queue[0]!.line.positions?.take();
        if (location === undefined) return;
        rack.location = location;
      }
      floor.queue.shift();
      rack.stationIndex = this.leastBusyStation(floor);
      floor.busySlots[rack.stationIndex] += 1;
      this.work(rack, floor, now);
    }
  }

  /**
   * A rack leaving its position frees it after a changeover: unloading a liquid-cooled rack and loading the next
   * (coolant quick-disconnects, power, leak check) takes a quarter of an hour or more. The next start therefore
   * follows the pass on the floor's clock, as it does on a real floor, so the tracker (which orders events per
   * rack, not across racks) applies the pass that frees a position before the start that takes it.
   */
  private releasePosition(rack: RackOnFloor, now: number): void {
    const location = rack.location;
    if (location === null) return;
    rack.location = null;
    const pool = rack.line.positions;
    const freeAt = now + this.random.duration(CHANGEOVER_MINUTES * MINUTE, 0.3);
    this.agenda.push(freeAt, () => {
      pool?.give(location);
      for (const line of this.lines) {
        if (line.positions !== pool) continue;
        for (const floor of line.stages) if (floor.spec.dwell !== undefined) this.startSoaking(floor, freeAt);
      }
    });
  }

  private leastBusyStation(floor: StageFloor): number {
    let best = 0;
    for (let index = 1; index < floor.stations.length; index += 1)
      if (floor.busySlots[index] < floor.busySlots[best]) best = index;
    return best;
  }

  private freeStation(floor: StageFloor): number {
    let best = -1;
    for (let index = 0; index < floor.stations.length; index += 1) {
      if (floor.busySlots[index] >= floor.spec.slotsPerStation) continue;
      if (best < 0 || floor.busySlots[index] < floor.busySlots[best]) best = index;
    }
    return best;
  }

  private work(rack: RackOnFloor, floor: StageFloor, now: number): void {
    const station = floor.stations[rack.stationIndex];
    const isFirstStart = rack.stageIndex === 0 && rack.failures === 0;
    this.emit(now, station, rack, 'started', {
      ...(isFirstStart && this.config.rackModel !== 'default' ? { rackModel: this.config.rackModel } : {}),
      ...(rack.location === null ? {} : { location: rack.location }),
    });
    const duration = this.runDuration(rack, floor);
    rack.retest = false;
    let finishAt = now + duration;
    // Work stops while the rack is held: `workedUntil` maps time worked to the clock, around the hold.
    let workedUntil = (worked: number) => now + worked;
    if (this.random.chance(this.config.holds.rate)) {
      const holdAt = now + Math.max(MINUTE, this.random.next() * duration);
      const releaseAt = holdAt + this.random.duration(this.config.holds.durationMinutes * MINUTE, 0.5);
      finishAt = releaseAt + Math.max(MINUTE, finishAt - holdAt);
      workedUntil = (worked) => (now + worked < holdAt ? now + worked : releaseAt + (now + worked - holdAt));
      const supervisor = rack.line.supervisor;
      const why = HOLD_REASONS[this.random.below(HOLD_REASONS.length)]!;
      this.agenda.push(holdAt, () => this.emit(holdAt, supervisor, rack, 'hold', why));
      this.agenda.push(releaseAt, () =>
        this.emit(releaseAt, supervisor, rack, 'release', { reasonCode: why.reasonCode }),
      );
    }
    const bom = this.config.billOfMaterials;
    if (bom !== undefined && rack.stageIndex === 0 && rack.components.size === 0)
      this.scheduleBuild(rack, bom, station, duration, workedUntil);
    this.agenda.push(finishAt, () => this.finish(rack, floor, finishAt));
  }

  /**
   * How long a run takes, holds aside. At a stage with a dwell it is at least the minimum (the retest minimum
   * after rework) plus a margin: the tracker refuses a pass a second early, and racks are pulled by the shift
   * some minutes to a few hours after they are due.
   */
  private runDuration(rack: RackOnFloor, floor: StageFloor): number {
    const sampled = this.random.duration(floor.spec.durationMinutes * MINUTE, floor.spec.durationSpread);
    const dwell = floor.spec.dwell;
    if (dwell === undefined) return sampled;
    const minHours = rack.retest ? (dwell.retestMinHours ?? dwell.minHours) : dwell.minHours;
    const overshoot = this.random.duration(Math.max(10 * MINUTE, minHours * 0.03 * 60 * MINUTE), 0.8);
    return minHours * 60 * MINUTE + MINUTE + overshoot;
  }

  /**
   * The first stage builds the rack: its as-built tree goes in over the first 80% of the work, a few
   * `component_installed` events of whole parts with their children, never while the rack is on hold (a held
   * rack takes no component events). Pushed after the hold and release, so an install due at the very moment of
   * the release comes after it.
   */
  private scheduleBuild(
    rack: RackOnFloor,
    bom: BillOfMaterials,
    station: StationSpec,
    duration: number,
    workedUntil: (worked: number) => number,
  ): void {
    const tree: BuiltComponent[] = [];
    const build = (part: PartSpec, parentSerial: string | null) => {
      for (let index = 0; index < part.quantity; index += 1) {
        const component = this.newComponent(part, parentSerial);
        tree.push(component);
        for (const child of part.children ?? []) build(child, component.serial);
      }
    };
    for (const part of bom.parts) build(part, null);
    for (const component of tree) rack.components.set(component.serial, component);
    const events = packByParent(tree, bom.componentsPerEvent);
    events.forEach((components, index) => {
      const at = workedUntil((duration * 0.8 * (index + 1)) / events.length);
      this.agenda.push(at, () => {
        this.totals.componentsInstalled += components.length;
        this.emit(at, station, rack, 'component_installed', { components: components.map(installRef) });
      });
    });
  }

  /** A new part from one of its suppliers, picked by share, with the serial and lot it arrives with. */
  private newComponent(part: PartSpec, parentSerial: string | null): BuiltComponent {
    const source = this.pickSource(part.sources);
    const number = (this.serialCounters.get(part.serialPrefix) ?? 0) + 1;
    this.serialCounters.set(part.serialPrefix, number);
    const drawn = this.lotCounters.get(source) ?? 0;
    this.lotCounters.set(source, drawn + 1);
    const lotNumber = Math.floor(drawn / source.lotSize) + 1;
    const escaped = source.escapedLot !== undefined && source.escapedLot.lot === lotNumber;
    return {
      serial: `${part.serialPrefix}-${this.runTag}-${String(number).padStart(7, '0')}`,
      part,
      supplierId: source.supplierId,
      lot: `${source.lotPrefix}-${String(lotNumber).padStart(4, '0')}`,
      parentSerial,
      burnInFailureRate: escaped ? source.escapedLot!.burnInFailureRate : source.burnInFailureRate,
      marginal: false,
    };
  }

  private pickSource(sources: readonly PartSource[]): PartSource {
    const total = sources.reduce((sum, source) => sum + source.share, 0);
    let draw = this.random.next() * total;
    for (const source of sources) {
      draw -= source.share;
      if (draw < 0) return source;
    }
    return sources[sources.length - 1];
  }

  /** The parts that fail this run of the test, each at its own supplier's rate. */
  private failingParts(rack: RackOnFloor): BuiltComponent[] {
    return [...rack.components.values()].filter((component) =>
      this.random.chance(component.marginal ? MARGINAL_REFAIL_CHANCE : component.burnInFailureRate),
    );
  }

  /** The code a failing part reports, by its kind's weights. */
  private failureOf(component: BuiltComponent): FailureReport {
    const codes = FAILURE_CODES[component.part.kind];
    let draw = this.random.next() * codes.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [code, weight, message] of codes) {
      draw -= weight;
      if (draw < 0) return { code, componentSerial: component.serial, message };
    }
    const [code, , message] = codes[codes.length - 1]!;
    return { code, componentSerial: component.serial, message };
  }

  private finish(rack: RackOnFloor, floor: StageFloor, now: number): void {
    const station = floor.stations[rack.stationIndex];
    floor.busySlots[rack.stationIndex] -= 1;
    const bom = this.config.billOfMaterials;
    const failing =
      bom !== undefined && floor.spec.stage === bom.testStage && rack.components.size > 0
        ? this.failingParts(rack)
        : null;
    if (failing !== null ? failing.length > 0 : this.random.chance(floor.spec.failureRate)) {
      rack.failures += 1;
      let condemned: BuiltComponent[] = [];
      let mrb = false;
      if (failing === null)
        this.emit(now, station, rack, 'failed', {
          details: { reason: `${floor.spec.stage} test failed` },
          measurements: this.measure(floor.spec.stage, false),
        });
      else {
        const failures = failing.map((component) => this.failureOf(component));
        const at = new Date(Math.round(now));
        const dispositions = disposeFailures(
          DEFAULT_DISPOSITION_TABLE,
          this.failureHistory,
          failures,
          rack.serial,
          at,
        );
        this.failureHistory.record(dispositions, at);
        // Parts retested or reseated stay in and are suspect; the rest come out in rework.
        condemned = failing.filter((_, index) => !KEEPS_PART.has(dispositions[index]!.action));
        for (const component of failing) component.marginal = !condemned.includes(component);
        mrb = dispositions.some((disposition) => disposition.action === 'engineering_hold');
        this.emit(now, station, rack, 'failed', {
          details: { reason: describeFailures(floor.spec.stage, failing) },
          failedComponents: failing.map((component) => component.serial),
          failures,
          measurements: this.measureFailures(floor.spec.stage, failing),
        });
      }
      this.scheduleAfterFailure(rack, floor, station, now, condemned, mrb);
    } else {
      const last = rack.stageIndex === rack.line.stages.length - 1;
      this.emit(
        now,
        station,
        rack,
        floor.spec.passType,
        { measurements: this.measure(floor.spec.stage, true) },
        last,
      );
      this.releasePosition(rack, now);
      if (last) this.totals.racksShipped += 1;
      else {
        rack.stageIndex += 1;
        const next = rack.line.stages[rack.stageIndex];
        next.queue.push(rack);
        this.startWaiting(next, now);
      }
    }
    this.startWaiting(floor, now);
  }

  private scheduleAfterFailure(
    rack: RackOnFloor,
    floor: StageFloor,
    station: StationSpec,
    failedAt: number,
    failedParts: readonly BuiltComponent[],
    onEngineeringHold = false,
  ): void {
    const decidedAt = failedAt + this.random.duration(this.config.rework.delayMinutes * MINUTE, 0.5);
    if (onEngineeringHold) {
      // The tracker put the rack on hold for the material review board; the board releases it to rework (or the
      // scrap below ends it, which a hold allows).
      this.totals.engineeringHolds += 1;
      const reviewedAt = decidedAt - MINUTE;
      this.agenda.push(reviewedAt, () =>
        this.emit(reviewedAt, rack.line.supervisor, rack, 'release', {
          reason: 'MRB reviewed: rework and replace the failed parts',
          reasonCode: 'mrb',
        }),
      );
    }
    if (rack.failures >= this.config.rework.maxFailures || this.random.chance(this.config.rework.scrapRate)) {
      this.agenda.push(decidedAt, () => {
        this.emit(
          decidedAt,
          rack.line.supervisor,
          rack,
          'scrap',
          { details: { reason: `failed ${floor.spec.stage} ${rack.failures} times` } },
          true,
        );
        this.totals.racksScrapped += 1;
        this.releasePosition(rack, decidedAt);
      });
      return;
    }
    const doneAt = decidedAt + this.random.duration(this.config.rework.durationMinutes * MINUTE, 0.4);
    this.agenda.push(decidedAt, () => this.emit(decidedAt, station, rack, 'rework_started'));
    if (failedParts.length > 0) this.scheduleSwap(rack, station, failedParts, decidedAt, doneAt);
    this.agenda.push(doneAt, () => {
      this.emit(doneAt, station, rack, 'rework_completed');
      rack.retest = floor.spec.dwell !== undefined;
      // Back in line for a retest; it has waited its turn already, so it goes first.
      floor.queue.unshift(rack);
      this.startWaiting(floor, doneAt);
    });
  }

  /**
   * Rework swaps each failed part for a new one of the same part number (from whichever supplier the stores hand
   * out): the failed parts come out with their children, then the replacements go in and the children that did not
   * fail go back into the new parent. Both happen between `rework_started` and `rework_completed`.
   */
  private scheduleSwap(
    rack: RackOnFloor,
    station: StationSpec,
    failedParts: readonly BuiltComponent[],
    reworkStartedAt: number,
    reworkDoneAt: number,
  ): void {
    const failed = new Set(failedParts.map((component) => component.serial));
    const outgoing: BuiltComponent[] = [];
    const leaving = new Set<string>();
    // Install order puts parents first, so a child sees whether its parent is leaving.
    for (const component of rack.components.values()) {
      if (
        failed.has(component.serial) ||
        (component.parentSerial !== null && leaving.has(component.parentSerial))
      ) {
        outgoing.push(component);
        leaving.add(component.serial);
      }
    }
    const replacedBy = new Map<string, string>();
    const incoming = outgoing.map((component) => {
      const parentSerial =
        component.parentSerial === null
          ? null
          : (replacedBy.get(component.parentSerial) ?? component.parentSerial);
      const next = failed.has(component.serial)
        ? this.newComponent(component.part, parentSerial)
        : { ...component, parentSerial };
      replacedBy.set(component.serial, next.serial);
      return next;
    });
    for (const component of outgoing) rack.components.delete(component.serial);
    for (const component of incoming) rack.components.set(component.serial, component);
    this.totals.componentsReplaced += failed.size;

    const perEvent = this.config.billOfMaterials?.componentsPerEvent ?? outgoing.length;
    const removals = packByParent(outgoing, perEvent);
    const installs = packByParent(incoming, perEvent);
    const span = reworkDoneAt - reworkStartedAt;
    removals.forEach((components, index) => {
      const at = reworkStartedAt + span * (0.1 + (0.35 * index) / removals.length);
      this.agenda.push(at, () =>
        this.emit(at, station, rack, 'component_removed', {
          components: components.map((component) => ({ serial: component.serial })),
        }),
      );
    });
    installs.forEach((components, index) => {
      const at = reworkStartedAt + span * (0.55 + (0.35 * index) / installs.length);
      this.agenda.push(at, () => {
        this.totals.componentsInstalled += components.length;
        this.emit(at, station, rack, 'component_installed', { components: components.map(installRef) });
      });
    });
  }

  /**
   * What a failing test of a built rack reports: for each failed part the reading that gave it away, outside its
   * limits, plus the usual GPU maximum (the failing GPU's reading when a GPU failed, so the two agree).
   */
  private measureFailures(stage: string, failing: readonly BuiltComponent[]): PostedMeasurement[] {
    const readings = failing.map((component) => this.failureReading(component.part.kind));
    const gpuTemperatures = readings
      .filter((reading) => reading.name === 'gpu_temp')
      .map((reading) => reading.value);
    const usual = this.measure(stage, true) ?? [];
    const summary = usual.map((measurement) =>
      measurement.name === 'gpu_max_temp' && gpuTemperatures.length > 0
        ? { ...measurement, value: Math.max(...gpuTemperatures) }
        : measurement,
    );
    return [...summary, ...readings];
  }

  /** The reading that fails a part of each kind: a value outside the limits that go with it. */
  private failureReading(kind: ComponentKind): PostedMeasurement {
    const between = (low: number, high: number) =>
      Math.round((low + this.random.next() * (high - low)) * 10) / 10;
    switch (kind) {
      case 'gpu':
        return { name: 'gpu_temp', value: between(88, 99), unit: 'C', high: 85 };
      case 'cpu':
        return { name: 'cpu_temp', value: between(97, 105), unit: 'C', high: 95 };
      case 'nic':
        return { name: 'nic_link_errors', value: 3 + this.random.below(200), unit: 'count', high: 0 };
      case 'psu':
        return { name: 'psu_output_voltage', value: between(47, 50.5), unit: 'V', low: 51, high: 55 };
      case 'compute_tray':
      case 'switch_tray':
        return { name: 'tray_inlet_temp', value: between(46, 55), unit: 'C', high: 45 };
      case 'cable_cartridge':
        return { name: 'nvlink_crc_errors', value: 10 + this.random.below(5000), unit: 'count', high: 0 };
      case 'cooling':
        return { name: 'coolant_flow', value: between(6, 14), unit: 'L/min', low: 18 };
      case 'other':
        return { name: 'self_test_errors', value: 1 + this.random.below(20), unit: 'count', high: 0 };
    }
  }

  /** Test stages report what they measured; a failing test reports a value outside the limits. */
  private measure(stage: string, good: boolean): PostedMeasurement[] | undefined {
    if (stage === 'burn_in') {
      const value = good ? this.random.normal(72, 4) : 88 + this.random.next() * 6;
      return [
        {
          name: 'gpu_max_temp',
          value: Math.round(Math.min(value, good ? 84 : 99) * 10) / 10,
          unit: 'C',
          high: 85,
        },
      ];
    }
    if (stage === 'qa') {
      const value = good ? this.random.normal(8, 1) : 13 + this.random.next() * 2;
      return [
        {
          name: 'coolant_delta_t',
          value: Math.round(Math.max(4.5, Math.min(value, good ? 11.5 : 20)) * 10) / 10,
          unit: 'C',
          low: 4,
          high: 12,
        },
      ];
    }
    return undefined;
  }

  private emit(
    at: number,
    station: StationSpec,
    rack: RackOnFloor,
    type: StationEventType,
    extra: EventExtras = {},
    final = false,
  ): void {
    const stage = rack.line.stages[rack.stageIndex].spec.stage;
    const event: PostedEvent = {
      eventId: this.random.uuid(),
      rackSerial: rack.serial,
      stationId: station.stationId,
      stage,
      type,
      occurredAt: new Date(Math.round(at)).toISOString(),
      operatorId: this.operatorAt(station, at),
    };
    if (extra.rackModel !== undefined) event.rackModel = extra.rackModel;
    if (extra.details !== undefined) event.details = extra.details;
    if (extra.components !== undefined) event.components = extra.components;
    if (extra.failedComponents !== undefined) event.failedComponents = extra.failedComponents;
    if (extra.failures !== undefined) event.failures = extra.failures.map((failure) => ({ ...failure }));
    if (extra.measurements !== undefined) event.measurements = extra.measurements;
    if (extra.location !== undefined) event.location = { ...extra.location };
    if (extra.reason !== undefined) event.reason = extra.reason;
    if (extra.reasonCode !== undefined) event.reasonCode = extra.reasonCode;
    this.totals.events += 1;
    this.emitted.push({ at, station, event, final });
  }

  /** Three eight-hour shifts; each station has its own small crew per shift. */
  private operatorAt(station: StationSpec, at: number): string {
    const shift = Math.floor((at / (8 * 60 * MINUTE)) % 3);
    const crew = this.config.operatorsPerStation;
    const seat = Math.floor(at / (37 * MINUTE)) % crew;
    return `op-${station.stationId.toLowerCase()}-${shift * crew + seat + 1}`.slice(0, 64);
  }
}

function installRef(component: BuiltComponent): PostedComponent {
  const ref: PostedComponent = {
    serial: component.serial,
    partNumber: component.part.partNumber,
    kind: component.part.kind,
    supplierId: component.supplierId,
    lot: component.lot,
  };
  if (component.parentSerial !== null) ref.parentSerial = component.parentSerial;
  return ref;
}

/**
 * Splits components (parents before children) into events of at most `perEvent`, never separating a part from
 * the parent it comes or goes with: a parent and its children are removed in one event, and a child installed in
 * the same event as its parent must follow it there.
 */
function packByParent(components: readonly BuiltComponent[], perEvent: number): BuiltComponent[][] {
  const units: BuiltComponent[][] = [];
  const unitOf = new Map<string, BuiltComponent[]>();
  for (const component of components) {
    const unit = component.parentSerial === null ? undefined : unitOf.get(component.parentSerial);
    if (unit === undefined) {
      const fresh = [component];
      units.push(fresh);
      unitOf.set(component.serial, fresh);
    } else {
      unit.push(component);
      unitOf.set(component.serial, unit);
    }
  }
  const events: BuiltComponent[][] = [];
  let current: BuiltComponent[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > perEvent) {
      events.push(current);
      current = [];
    }
    current = current.concat(unit);
  }
  if (current.length > 0) events.push(current);
  return events;
}

function describeFailures(stage: string, failing: readonly BuiltComponent[]): string {
  const named = failing.slice(0, 5).map((component) => `${component.part.kind} ${component.serial}`);
  const more = failing.length > named.length ? ` and ${failing.length - named.length} more` : '';
  return `${stage} failed: ${named.join(', ')}${more}`;
}
