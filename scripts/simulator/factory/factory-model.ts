import type { StationEventType, StationRole } from '#domain';
import type { FactoryConfig, LineSpec, SiteSpec, StageSpec } from './factory-config.js';
import { SeededRandom } from './seeded-random.js';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

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
  measurements?: PostedMeasurement[];
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
}

interface RackOnFloor {
  serial: string;
  line: LineFloor;
  stageIndex: number;
  stationIndex: number;
  failures: number;
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
  readonly totals: FactoryTotals = { racksStarted: 0, racksShipped: 0, racksScrapped: 0, events: 0 };

  constructor(
    private readonly config: FactoryConfig,
    options: FactoryModelOptions,
  ) {
    this.random = SeededRandom.fromText(`${config.seed}:${options.runId}`);
    this.prefix = `RK-${options.runId}`.toUpperCase();
    this.lines = config.sites.flatMap((site) =>
      site.lines.map((line) => ({
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
      })),
    );
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
    line.stages[0].queue.push({ serial, line, stageIndex: 0, stationIndex: -1, failures: 0 });
    this.startWaiting(line.stages[0], now);
    this.scheduleArrival(line, now);
  }

  /** Fills free slots at a stage from its queue. */
  private startWaiting(floor: StageFloor, now: number): void {
    while (floor.queue.length > 0) {
      const stationIndex = this.freeStation(floor);
      if (stationIndex < 0) return;
      const rack = floor.queue.shift()!;
      floor.busySlots[stationIndex] += 1;
      rack.stationIndex = stationIndex;
      this.work(rack, floor, now);
    }
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
    this.emit(
      now,
      station,
      rack,
      'started',
      isFirstStart && this.config.rackModel !== 'default' ? { rackModel: this.config.rackModel } : {},
    );
    const duration = this.random.duration(floor.spec.durationMinutes * MINUTE, floor.spec.durationSpread);
    let finishAt = now + duration;
    if (this.random.chance(this.config.holds.rate)) {
      const holdAt = now + Math.max(MINUTE, this.random.next() * duration);
      const releaseAt = holdAt + this.random.duration(this.config.holds.durationMinutes * MINUTE, 0.5);
      finishAt = releaseAt + Math.max(MINUTE, finishAt - holdAt);
      const supervisor = rack.line.supervisor;
      this.agenda.push(holdAt, () =>
        this.emit(holdAt, supervisor, rack, 'hold', { details: { reason: 'supervisor hold' } }),
      );
      this.agenda.push(releaseAt, () => this.emit(releaseAt, supervisor, rack, 'release'));
    }
    this.agenda.push(finishAt, () => this.finish(rack, floor, finishAt));
  }

  private finish(rack: RackOnFloor, floor: StageFloor, now: number): void {
    const station = floor.stations[rack.stationIndex];
    floor.busySlots[rack.stationIndex] -= 1;
    if (this.random.chance(floor.spec.failureRate)) {
      rack.failures += 1;
      this.emit(now, station, rack, 'failed', {
        details: { reason: `${floor.spec.stage} test failed` },
        measurements: this.measure(floor.spec.stage, false),
      });
      this.scheduleAfterFailure(rack, floor, station, now);
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
  ): void {
    const decidedAt = failedAt + this.random.duration(this.config.rework.delayMinutes * MINUTE, 0.5);
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
      });
      return;
    }
    const doneAt = decidedAt + this.random.duration(this.config.rework.durationMinutes * MINUTE, 0.4);
    this.agenda.push(decidedAt, () => this.emit(decidedAt, station, rack, 'rework_started'));
    this.agenda.push(doneAt, () => {
      this.emit(doneAt, station, rack, 'rework_completed');
      // Back in line for a retest; it has waited its turn already, so it goes first.
      floor.queue.unshift(rack);
      this.startWaiting(floor, doneAt);
    });
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
    extra: Partial<Pick<PostedEvent, 'rackModel' | 'details' | 'measurements'>> = {},
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
    if (extra.measurements !== undefined) event.measurements = extra.measurements;
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
