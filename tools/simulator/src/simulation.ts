import { setMaxListeners } from 'node:events';
import { DEFAULT_RACK_MODEL, DEFAULT_ROUTE, type RackRoute } from '#domain';
import { factoryCells, factoryRoute, type FactoryConfig } from './factory/factory-config.js';
import {
  FactoryModel,
  type PlannedEvent,
  type PostedEvent,
  type StationSpec,
} from './factory/factory-model.js';
import {
  FaultInjector,
  type ExpectedOutcome,
  type FaultCounts,
  type PostItem,
} from './factory/fault-injector.js';
import { SeededRandom } from './factory/seeded-random.js';
import { abortableDelay } from './terminal/abortable.js';
import { ApiAdminClient } from './terminal/api-admin-client.js';
import { IngestClient, type IngestAnswer } from './terminal/ingest-client.js';

const HOUR = 3_600_000;

/** How simulated time relates to the wall clock. Simulated time never runs ahead of the wall clock. */
export type Pacing =
  /** As fast as ingest answers, with at most `window` events waiting to be posted. */
  | { kind: 'max'; window: number }
  /** Simulated time runs `speed` times faster than the wall clock until it catches up with now, then in real time. */
  | { kind: 'speed'; speed: number }
  /** The floor's events are released at a fixed rate, whatever their simulated spacing (benchmarks). */
  | { kind: 'rate'; eventsPerSecond: number };

export interface StopCondition {
  /** Floor events to release (faults add posts on top). */
  events?: number;
  /** Simulated time to stop at, epoch ms. */
  until?: number;
  /** Wall-clock run time. */
  durationMs?: number;
}

export interface SimulationOptions {
  ingestUrl: string;
  /**
   * The api, where a factory with a bill of materials registers its suppliers and (for a rack model of its own)
   * its route with the slots the bill fills. Without it, whoever runs the simulation has registered them.
   */
  apiUrl?: string;
  adminToken: string;
  config: FactoryConfig;
  runId: string;
  /** Simulated time at which the empty factory opens, epoch ms; must lie in the past. */
  start: number;
  pacing: Pacing;
  /** Events a terminal posts in one request at most: 1 posts every event alone. */
  maxBatch: number;
  stop: StopCondition;
  /** How long a stopping run keeps posting what is already queued; the rest is reported as abandoned. */
  drainTimeoutMs?: number;
  /**
   * Ends the run at once when it aborts: requests under way and retry waits are cancelled, what is queued or in
   * flight is reported as abandoned, and `run()` resolves with the report (also while ingest is away).
   */
  signal?: AbortSignal;
  /** Cap on the wait a 503's Retry-After asks for. */
  maxRetryDelayMs?: number;
  /** Keep every answered post (tests check each one against the database). */
  keepOutcomes?: boolean;
  /** Tokens of stations registered beforehand; otherwise the simulation registers its stations. */
  tokens?: Map<string, string>;
  onAnswered?: (answered: readonly AnsweredPost[]) => void;
  /**
   * Stations whose equipment speaks IPC-CFX (`--via cfx`): their fault-free events go over AMQP 1.0 to the CFX
   * bridge when CFX can say all of them, the rest over HTTP as usual.
   */
  cfx?: {
    carries(station: StationSpec): boolean;
    deliver(bodies: readonly PostedEvent[]): Promise<IngestAnswer | null>;
  };
}

export interface AnsweredPost {
  item: PostItem;
  /** The body as posted (a runaway clock's occurredAt is fixed when first sent). */
  sent: PostedEvent;
  /** Ingest's receipt for a 202, or the HTTP status it refused the post with. */
  answer: 'accepted' | 'duplicate' | number;
  firstSentAt: number;
  answeredAt: number;
  attempts: number;
}

export interface SimulationStats {
  floorEvents: number;
  posts: number;
  answered: number;
  accepted: number;
  duplicateAnswers: number;
  refused: Record<string, number>;
  requests: number;
  retries: number;
  unavailableAnswers: number;
  networkErrors: number;
  serverErrors: number;
  /** Posts refused although nothing was wrong with them: always a finding. */
  unexpectedRefusals: number;
  queued: number;
  inFlight: number;
  simNow: number;
}

export interface SimulationReport {
  runId: string;
  wallMs: number;
  simFrom: number;
  simTo: number;
  stats: SimulationStats;
  racks: { started: number; shipped: number; scrapped: number; open: number };
  components: { installed: number; replaced: number };
  faults: FaultCounts & { burst: number };
  expected: Record<string, number>;
  abandoned: number;
  problems: string[];
  outcomes: AnsweredPost[];
}

interface Terminal {
  station: StationSpec;
  token: string;
  ready: PostItem[];
  busy: boolean;
  offlineAt: number;
  offlineCounted: boolean;
}

interface SendingBatch {
  terminal: Terminal;
  items: PostItem[];
  bodies: PostedEvent[];
  firstSentAt: number;
  attempts: number;
}

/** The route the simulated factory follows, as the tracker must know it. */
export function routeOf(config: FactoryConfig): RackRoute {
  return factoryRoute(config);
}

/**
 * Runs a simulated factory against ingest: the floor model says what happens, the fault injector turns it into
 * what imperfect terminals post, and one terminal per station posts its events — in order per rack (a rack's
 * next event waits for the 202 of its previous one, as it would on a real floor), in batches when several are
 * waiting, retrying 503s and lost connections with the same event ids.
 */
export class Simulation {
  private readonly client: IngestClient;
  private readonly model: FactoryModel;
  private readonly injector: FaultInjector;
  private readonly random: SeededRandom;
  private readonly terminals = new Map<string, Terminal>();
  private readonly rackQueues = new Map<string, PostItem[]>();
  private readonly outcomes: AnsweredPost[] = [];
  private readonly problems: string[] = [];
  private readonly buffer: PlannedEvent[] = [];
  private readonly stats: SimulationStats = {
    floorEvents: 0,
    posts: 0,
    answered: 0,
    accepted: 0,
    duplicateAnswers: 0,
    refused: {},
    requests: 0,
    retries: 0,
    unavailableAnswers: 0,
    networkErrors: 0,
    serverErrors: 0,
    unexpectedRefusals: 0,
    queued: 0,
    inFlight: 0,
    simNow: 0,
  };
  private bursts = 0;
  private wallStart = 0;
  private lastFeedAt = 0;
  private rateCredit = 0;
  private stoppingSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private finish: (() => void) | null = null;
  private abandoned = 0;
  private flushedOnStop = false;
  /** Aborted when the run ends, however it ends: every request and wait of the run listens to it. */
  private readonly ending = new AbortController();

  constructor(private readonly options: SimulationOptions) {
    // One listener per request or retry wait under way: a busy factory has hundreds at once, by design.
    setMaxListeners(0, this.ending.signal);
    this.client = new IngestClient({ ingestUrl: options.ingestUrl, signal: this.ending.signal });
    if (options.signal?.aborted) this.abort();
    else options.signal?.addEventListener('abort', () => this.abort(), { once: true });
    this.model = new FactoryModel(options.config, { start: options.start, runId: options.runId });
    this.injector = new FaultInjector(
      options.config.faults,
      routeOf(options.config),
      `${options.config.seed}:${options.runId}`,
      factoryCells(options.config),
    );
    this.random = SeededRandom.fromText(`terminals:${options.config.seed}:${options.runId}`);
    this.stats.simNow = options.start;
  }

  /** Every station the factory has, for registering them beforehand. */
  stations(): StationSpec[] {
    return this.model.stations();
  }

  progress(): Readonly<SimulationStats> {
    return { ...this.stats, refused: { ...this.stats.refused } };
  }

  /**
   * Stops releasing new events; what is queued is still posted (within the drain timeout). Before the first event
   * (registering stations or the route) there is nothing to post: the run ends at once.
   */
  stop(): void {
    this.stoppingSince ??= Date.now();
    if (this.timer === null) this.ending.abort(new Error('stopped before the first event'));
  }

  /** Ends the run now: what is queued or in flight is abandoned (see `signal`). */
  private abort(): void {
    this.stoppingSince ??= Date.now();
    if (this.timer !== null) this.abandoned = this.stats.queued + this.stats.inFlight;
    this.close();
  }

  get stopping(): boolean {
    return this.stoppingSince !== null;
  }

  async run(): Promise<SimulationReport> {
    const route = routeOf(this.options.config);
    if (route.model === DEFAULT_ROUTE.model && route.stages.join() !== DEFAULT_ROUTE.stages.join()) {
      throw new Error(
        `the default rack model follows ${DEFAULT_ROUTE.stages.join(' -> ')}; give a custom route its own rackModel`,
      );
    }
    const stations = this.model.stations();
    let tokens: Map<string, string>;
    try {
      if (this.ending.signal.aborted) return this.report();
      await this.registerGenealogy(route);
      tokens = this.options.tokens ?? (await this.client.registerStations(this.options.adminToken, stations));
    } catch (error) {
      // Stopped while registering (ingest or the api away, or merely slow): nothing was posted yet.
      if (this.ending.signal.aborted) return this.report();
      throw error;
    }
    const burstRate = this.options.config.faults.burstPerStationHour;
    for (const station of stations) {
      const token = tokens.get(station.stationId);
      if (token === undefined) throw new Error(`no token for station ${station.stationId}`);
      this.terminals.set(station.stationId, {
        station,
        token,
        ready: [],
        busy: false,
        offlineAt:
          burstRate > 0
            ? this.options.start + this.random.exponential(HOUR / burstRate)
            : Number.POSITIVE_INFINITY,
        offlineCounted: false,
      });
    }
    this.wallStart = Date.now();
    this.lastFeedAt = this.wallStart;
    if (this.ending.signal.aborted) return this.report();
    const done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    this.timer = setInterval(() => this.tick(), 10);
    this.tick();
    await done;
    return this.report();
  }

  /**
   * Suppliers, burn-in cells and the model's route go in before the first event, or the tracker could not
   * place its racks (nor their burn-in positions).
   */
  private async registerGenealogy(route: RackRoute): Promise<void> {
    const { config } = this.options;
    const bom = config.billOfMaterials;
    const cells = factoryCells(config);
    if ((bom === undefined && cells.length === 0) || this.options.apiUrl === undefined) return;
    const api = new ApiAdminClient({ apiUrl: this.options.apiUrl, signal: this.ending.signal });
    if (bom !== undefined) await api.putSuppliers(this.options.adminToken, bom.suppliers);
    for (const site of config.sites)
      await api.putBurnInCells(this.options.adminToken, site.siteId, site.burnInCells ?? []);
    if (route.model !== DEFAULT_RACK_MODEL) await api.putRoute(this.options.adminToken, route);
  }

  private tick(): void {
    const wall = Date.now();
    if (this.stoppingSince === null) {
      this.feed(wall);
      const { events, until, durationMs } = this.options.stop;
      if (
        (events !== undefined && this.stats.floorEvents >= events) ||
        (until !== undefined && this.stats.simNow >= until) ||
        (durationMs !== undefined && wall - this.wallStart >= durationMs)
      ) {
        this.stop();
      }
    }
    if (this.stoppingSince !== null) {
      if (!this.flushedOnStop) {
        // Events held back for an out-of-order fault are posted late rather than never.
        this.flushedOnStop = true;
        this.enqueue(this.injector.flush());
      }
      const drained = this.stats.queued === 0 && this.stats.inFlight === 0;
      const timedOut =
        this.options.drainTimeoutMs !== undefined && wall - this.stoppingSince > this.options.drainTimeoutMs;
      if (drained || timedOut) {
        this.abandoned = this.stats.queued + this.stats.inFlight;
        this.close();
        return;
      }
    }
    for (const terminal of this.terminals.values()) this.kick(terminal);
  }

  private close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    // Whatever is still under way (a drain that timed out, an abort) is cancelled, not left to retry.
    this.ending.abort(new Error('the run has ended'));
    this.finish?.();
    this.finish = null;
  }

  /** Releases the floor's events that are due, according to the pacing. */
  private feed(wall: number): void {
    const pacing = this.options.pacing;
    const remaining =
      this.options.stop.events === undefined
        ? Number.POSITIVE_INFINITY
        : this.options.stop.events - this.stats.floorEvents;
    const until = Math.min(wall, this.options.stop.until ?? Number.POSITIVE_INFINITY);
    if (pacing.kind === 'speed') {
      const simNow = Math.min(until, this.options.start + (wall - this.wallStart) * pacing.speed);
      this.release(this.pull(simNow, remaining));
      this.stats.simNow = Math.max(this.stats.simNow, simNow);
      return;
    }
    if (pacing.kind === 'max') {
      const room = Math.min(remaining, pacing.window - this.stats.queued - this.stats.inFlight);
      if (room > 0) this.release(this.pull(until, room));
      return;
    }
    this.rateCredit = Math.min(
      this.rateCredit + ((wall - this.lastFeedAt) / 1000) * pacing.eventsPerSecond,
      Math.max(1, pacing.eventsPerSecond),
    );
    this.lastFeedAt = wall;
    const due = Math.min(remaining, Math.floor(this.rateCredit));
    if (due > 0) {
      const released = this.pull(until, due);
      this.rateCredit -= released.length;
      this.release(released);
    }
  }

  /** Up to `count` floor events no later than `until`, in simulated-time order. */
  private pull(until: number, count: number): PlannedEvent[] {
    while (this.buffer.length < count && this.model.nextTime() <= until)
      this.buffer.push(...this.model.advanceTo(this.model.nextTime()));
    return this.buffer.splice(0, Math.min(count, this.buffer.length));
  }

  private release(events: PlannedEvent[]): void {
    if (events.length === 0) return;
    this.stats.floorEvents += events.length;
    this.stats.simNow = Math.max(this.stats.simNow, events[events.length - 1].at);
    this.enqueue(this.injector.process(events));
  }

  private enqueue(items: PostItem[]): void {
    for (const item of items) {
      this.stats.posts += 1;
      this.stats.queued += 1;
      const serial = item.event.rackSerial;
      const queue = this.rackQueues.get(serial);
      if (queue === undefined) {
        this.rackQueues.set(serial, [item]);
        this.makeReady(item);
      } else queue.push(item);
    }
  }

  private makeReady(item: PostItem): void {
    const terminal = this.terminals.get(item.station.stationId);
    if (terminal === undefined) throw new Error(`no terminal ${item.station.stationId}`);
    terminal.ready.push(item);
  }

  private kick(terminal: Terminal): void {
    if (terminal.busy || terminal.ready.length === 0) return;
    if (this.stoppingSince === null && this.offline(terminal)) return;
    const items = terminal.ready.splice(0, this.options.maxBatch);
    const now = Date.now();
    const bodies = items.map((item) =>
      item.skewAheadMs === undefined
        ? item.event
        : { ...item.event, occurredAt: new Date(now + item.skewAheadMs).toISOString() },
    );
    terminal.busy = true;
    this.stats.queued -= items.length;
    this.stats.inFlight += items.length;
    void this.send({ terminal, items, bodies, firstSentAt: now, attempts: 0 });
  }

  /** A terminal that went offline keeps its events and posts the backlog in one go when it is back. */
  private offline(terminal: Terminal): boolean {
    const burstRate = this.options.config.faults.burstPerStationHour;
    if (burstRate <= 0) return false;
    const length = this.options.config.faults.burstMinutes * 60_000;
    const simNow = this.stats.simNow;
    while (simNow >= terminal.offlineAt + length) {
      terminal.offlineAt += length + this.random.exponential(HOUR / burstRate);
      terminal.offlineCounted = false;
    }
    if (simNow < terminal.offlineAt) return false;
    if (!terminal.offlineCounted) {
      terminal.offlineCounted = true;
      this.bursts += 1;
    }
    return true;
  }

  private async send(batch: SendingBatch): Promise<void> {
    batch.attempts += 1;
    this.stats.requests += 1;
    const cfx = this.options.cfx;
    // Injected faults (bad bodies, skewed clocks, duplicates) stay on HTTP, where ingest's answer is the check.
    const viaCfx =
      cfx !== undefined &&
      cfx.carries(batch.terminal.station) &&
      batch.items.every((item) => item.fault === null);
    const answer =
      (viaCfx ? await cfx.deliver(batch.bodies) : null) ??
      (await this.client.postEvents(batch.terminal.token, batch.bodies));
    // The run has ended (drain timeout or abort): this batch is among the abandoned.
    if (this.ending.signal.aborted) return;
    if (this.retryable(answer)) {
      this.stats.retries += 1;
      const delay = answer.retryAfterMs ?? Math.min(5000, 200 * 2 ** Math.min(batch.attempts, 5));
      void abortableDelay(Math.min(delay, this.options.maxRetryDelayMs ?? 5000), this.ending.signal).then(
        () => this.send(batch),
        () => undefined,
      );
      return;
    }
    this.settle(batch, answer);
  }

  private retryable(answer: IngestAnswer): boolean {
    if (answer.status === 0) this.stats.networkErrors += 1;
    else if (answer.status === 503) this.stats.unavailableAnswers += 1;
    else if (answer.status >= 500) {
      this.stats.serverErrors += 1;
      this.note(`ingest answered ${answer.status}: ${answer.problem ?? ''}`);
    }
    return answer.status === 0 || answer.status === 429 || answer.status >= 500;
  }

  private settle(batch: SendingBatch, answer: IngestAnswer): void {
    const answeredAt = Date.now();
    const { terminal, items, bodies } = batch;
    terminal.busy = false;
    this.stats.inFlight -= items.length;
    const answered: AnsweredPost[] = items.map((item, index) => {
      const receipt = answer.status === 202 ? answer.receipts[index]?.status : undefined;
      const result: AnsweredPost['answer'] = receipt ?? answer.status;
      this.stats.answered += 1;
      if (result === 'accepted') this.stats.accepted += 1;
      else if (result === 'duplicate') this.stats.duplicateAnswers += 1;
      else {
        const key = String(result);
        this.stats.refused[key] = (this.stats.refused[key] ?? 0) + 1;
        if (item.fault === null || item.fault === 'correction') {
          this.stats.unexpectedRefusals += 1;
          this.note(
            `event ${item.event.eventId} (${item.event.type} at ${item.event.stationId}) refused with ${result}: ${answer.problem ?? ''}`,
          );
        }
      }
      return {
        item,
        sent: bodies[index],
        answer: result,
        firstSentAt: batch.firstSentAt,
        answeredAt,
        attempts: batch.attempts,
      };
    });
    if (this.options.keepOutcomes) this.outcomes.push(...answered);
    this.options.onAnswered?.(answered);
    for (const item of items) {
      const serial = item.event.rackSerial;
      const queue = this.rackQueues.get(serial);
      queue?.shift();
      if (queue === undefined || queue.length === 0) this.rackQueues.delete(serial);
      else this.makeReady(queue[0]);
    }
    if (this.timer !== null) this.kick(terminal);
  }

  private note(problem: string): void {
    if (this.problems.length < 20) this.problems.push(problem);
  }

  private report(): SimulationReport {
    const totals = this.model.totals;
    return {
      runId: this.options.runId,
      wallMs: this.wallStart === 0 ? 0 : Date.now() - this.wallStart,
      simFrom: this.options.start,
      simTo: this.stats.simNow,
      stats: this.progress(),
      racks: {
        started: totals.racksStarted,
        shipped: totals.racksShipped,
        scrapped: totals.racksScrapped,
        open: this.injector.openRacks,
      },
      components: { installed: totals.componentsInstalled, replaced: totals.componentsReplaced },
      faults: { ...this.injector.injected, burst: this.bursts },
      expected: Object.fromEntries(this.injector.expected) as Record<ExpectedOutcome, number>,
      abandoned: this.abandoned,
      problems: [...this.problems],
      outcomes: this.outcomes,
    };
  }
}
