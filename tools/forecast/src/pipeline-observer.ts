import {
  BURN_IN_MEASURE_WINDOW_HOURS,
  InMemoryComponentLocator,
  RackStateMachine,
  routeOfModel,
  requiredSoakMs,
  type BurnInCell,
  type PositionHolder,
  type RackRoute,
  type RackState,
  type SiteBurnInFacts,
} from '#domain';
import type { PlannedEvent } from '#simulator';
import { burnInPositionsOf, type BurnInCellSpec } from '#simulator';

const HOUR_MS = 3_600_000;

interface RackHistory {
  // When the rack last passed the dwell stage, and when it shipped.
  burnInPassedAt: number | null;
  shippedAt: number | null;
}

/**
 * Follows one site's floor event by event through the tracker's own state machine and answers, at any moment,
 * the facts the api reads from the database for the burn-in board and the forecast (SiteBurnInFacts), plus what
 * has shipped. The forecast tool feeds these to the very functions the api calls (siteBurnInOf, forecastWeek),
 * so what it measures is the product's forecast, not a copy of it.
 */
export class PipelineObserver {
  private readonly machine = new RackStateMachine({ maxClockSkewMs: 120_000 });
  private readonly racks = new Map<string, RackState>();
  private readonly histories = new Map<string, RackHistory>();
  private readonly components = new InMemoryComponentLocator();
  private readonly positions;
  // Times of passes and failures of the dwell stage, passes of the stage before it (arrivals), and shipments.
  private readonly passes: number[] = [];
  private readonly failures: number[] = [];
  private readonly arrivals: number[] = [];
  private readonly shipments: number[] = [];
  // Each pass at the dwell stage: when, and how many hours its run took beyond the minimum; each retest
  // started there: when, and how many hours after the run it repeats failed (BurnInReadRepository.measures).
  private readonly pulls: Timed[] = [];
  private readonly reworks: Timed[] = [];
  private readonly failedAt = new Map<string, number>();
  refusals = 0;

  constructor(
    private readonly route: RackRoute,
    private readonly dwellStage: string,
    private readonly cells: readonly BurnInCellSpec[],
  ) {
    this.positions = burnInPositionsOf(cells);
  }

  apply(planned: PlannedEvent): void {
    const { event, station } = planned;
    const occurredAt = new Date(event.occurredAt);
    const current = this.racks.get(event.rackSerial);
    const decision = this.machine.decide(
      current,
      {
        event: { ...event, occurredAt },
        station: { stationId: station.stationId, stage: station.stage, role: station.role },
        receivedAt: occurredAt,
      },
      {
        routeFor: (model) => routeOfModel(model, this.route),
        components: this.components,
        burnIn: this.positions,
      },
    );
    if (decision.outcome === 'rejected') {
      this.refusals += 1;
      return;
    }
    const rack = decision.rack;
    this.positions.move(rack.serial, current?.location ?? null, rack.location);
    this.racks.set(rack.serial, rack);
    const history = this.histories.get(rack.serial) ?? { burnInPassedAt: null, shippedAt: null };
    const at = occurredAt.getTime();
    const { eventType, stage } = decision.transition;
    const passed = eventType === 'passed' || eventType === 'completed';
    if (passed && stage === this.dwellStage) {
      history.burnInPassedAt = at;
      this.passes.push(at);
      const dwell = this.route.dwell[this.dwellStage];
      if (current?.soak != null && dwell !== undefined) {
        const minimumEnd = current.soak.startedAt.getTime() + requiredSoakMs(dwell, current.soak.retest);
        this.pulls.push({ at, hours: (at - minimumEnd) / HOUR_MS });
      }
    }
    if (eventType === 'failed' && stage === this.dwellStage) {
      this.failures.push(at);
      this.failedAt.set(rack.serial, at);
    }
    const failed = this.failedAt.get(rack.serial);
    if (eventType === 'started' && stage === this.dwellStage && failed !== undefined) {
      this.reworks.push({ at, hours: (at - failed) / HOUR_MS });
      this.failedAt.delete(rack.serial);
    }
    if (passed && this.route.stages[this.route.stages.indexOf(stage) + 1] === this.dwellStage)
      this.arrivals.push(at);
    if (rack.status === 'shipped') {
      history.shippedAt = at;
      this.shipments.push(at);
    }
    this.histories.set(rack.serial, history);
  }

  shippedBetween(from: number, to: number): number {
    return this.shipments.filter((at) => at >= from && at < to).length;
  }

  /** What BurnInReadRepository would read at `now` (its queries, over this observer's racks). */
  factsAt(now: number, siteId: string): SiteBurnInFacts {
    const from = now - BURN_IN_MEASURE_WINDOW_HOURS * HOUR_MS;
    const inWindow = (times: readonly number[]) => times.filter((at) => at >= from && at < now).length;
    const holders: PositionHolder[] = [];
    let queued = 0;
    let oldest: { serial: string; since: Date } | null = null;
    const pastBurnIn: Date[] = [];
    const dwell = this.route.dwell[this.dwellStage] ?? null;
    for (const rack of this.racks.values()) {
      if (rack.location !== null) {
        holders.push({
          serial: rack.serial,
          location: rack.location,
          status: rack.status,
          soak: rack.soak,
          dwell,
          holdReason: rack.holdReason,
        });
        continue;
      }
      const next = this.route.stages[this.route.stages.indexOf(rack.stage) + 1];
      if (
        (rack.status === 'passed' && next === this.dwellStage) ||
        (rack.status === 'waiting' && rack.stage === this.dwellStage)
      ) {
        queued += 1;
        if (oldest === null || rack.stateEnteredAt.getTime() < oldest.since.getTime())
          oldest = { serial: rack.serial, since: rack.stateEnteredAt };
        continue;
      }
      const history = this.histories.get(rack.serial);
      if (rack.status !== 'shipped' && rack.status !== 'scrapped' && history?.burnInPassedAt != null)
        pastBurnIn.push(new Date(history.burnInPassedAt));
    }
    const downstream = [...this.histories.values()]
      .filter(
        (history) =>
          history.shippedAt !== null &&
          history.shippedAt >= from &&
          history.shippedAt < now &&
          history.burnInPassedAt !== null,
      )
      .map((history) => (history.shippedAt! - history.burnInPassedAt!) / HOUR_MS)
      .sort((a, b) => a - b);
    const cells: BurnInCell[] = this.cells.map((cell) => ({ siteId, ...cell }));
    return {
      cells,
      holders,
      queue: { count: queued, oldestSerial: oldest?.serial ?? null, oldestSince: oldest?.since ?? null },
      pastBurnIn,
      measures: {
        passes: inWindow(this.passes),
        failures: inWindow(this.failures),
        arrivals: inWindow(this.arrivals),
        downstreamHours: median(downstream),
        pullHours: medianBetween(this.pulls, from, now),
        reworkHours: medianBetween(this.reworks, from, now),
      },
      windowHours: BURN_IN_MEASURE_WINDOW_HOURS,
      dwell: dwell === null ? null : { stage: this.dwellStage, dwell },
    };
  }
}

interface Timed {
  readonly at: number;
  readonly hours: number;
}

function medianBetween(times: readonly Timed[], from: number, to: number): number | null {
  return median(
    times
      .filter((timed) => timed.at >= from && timed.at < to)
      .map((timed) => timed.hours)
      .sort((a, b) => a - b),
  );
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
