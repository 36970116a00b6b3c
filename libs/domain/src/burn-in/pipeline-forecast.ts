const HOUR_MS = 3_600_000;

/**
 * What the line holds at and after burn-in, as the forecast needs it. Burn-in soaks run around the clock, so
 * every duration here is wall-clock time; the measured downstream time already includes the nights and
 * weekends a rack waits through after burn-in.
 */
export interface BurnInPipeline {
  // The soak a new run needs (the dwell stage's minimum), in hours.
  readonly soakHours: number;
  // When each rack soaking now may pass (its clock running; held racks are left out: nobody knows when
  // their hold ends, and counting them would promise racks MRB has not released).
  readonly dueTimes: readonly Date[];
  // When each rack that has passed burn-in but not yet shipped passed it.
  readonly pastBurnIn: readonly Date[];
  // Racks waiting to start burn-in now.
  readonly queued: number;
  // Racks reaching the burn-in queue per hour recently.
  readonly arrivalsPerHour: number;
  readonly freePositions: number;
  // Median hours from passing burn-in to shipping, over recent shipments; null when none shipped yet.
  readonly downstreamHours: number | null;
  // Median hours a run passes after it is due, over recent passes (racks are pulled by the shift, not the
  // minute they are due); null when none passed yet.
  readonly pullHours: number | null;
  // Racks holding a position after failing there (failed, in rework or waiting for the retest), and the
  // retest minimum they soak again.
  readonly awaitingRetest: number;
  readonly retestHours: number;
  // Median hours from a failed run to its retest's start (rework), over recent retests; null when none yet.
  readonly reworkHours: number | null;
  // Share of burn-in runs that pass, recently; null when none finished yet.
  readonly burnInYield: number | null;
}

export interface WeekForecastInput {
  readonly now: Date;
  readonly weekEnd: Date;
  readonly shippedSoFar: number;
  // §5's projection: shipped so far plus the run rate over the production hours left.
  readonly runRateProjection: number;
  // null when the site has no stage with a dwell, or no cells: the pipeline cannot be seen.
  readonly pipeline: BurnInPipeline | null;
}

export type ProjectionMethod = 'pipeline' | 'run_rate';

export interface WeekForecast {
  readonly method: ProjectionMethod;
  readonly projected: number;
  readonly shippedSoFar: number;
  // The pipeline's parts (zero for run_rate): racks past burn-in that will ship, racks soaking now that
  // will pass and ship, retests (racks failed in their position, and the share of soaking racks that will
  // fail) that rework, retest and ship in time, and racks not yet started that free positions can still
  // soak and ship in time.
  readonly fromPastBurnIn: number;
  readonly fromSoaking: number;
  readonly fromRetests: number;
  readonly fromNewStarts: number;
  // The last moment a new run can start and still ship this week; null for run_rate.
  readonly lastUsefulStart: Date | null;
  // The times the pipeline assumed (measured, or the defaults before anything was measured); null for run_rate.
  readonly timings: ForecastTimings | null;
  readonly explanation: string;
}

export interface ForecastTimings {
  readonly downstreamHours: number;
  readonly pullHours: number;
  readonly reworkHours: number;
}

// Before any rack has shipped through the downstream stages, assume they take this long (QA and packing on
// a GB200-class line take hours, not days); replaced by the measured median as soon as there is one.
export const DEFAULT_DOWNSTREAM_HOURS = 12;

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * The week's output as the pipeline says it will be (docs/architecture.md, "Forecast"). A run ships when it is
 * due, plus the measured pull time (racks come out some hours after they are due), plus the downstream time.
 * The projection is what has shipped, plus every rack past burn-in that the downstream time gets out before
 * the week ends, plus every rack soaking that ships in time (times the burn-in yield), plus the retests that
 * ship in time (racks failed in their position, and the share of soaking racks that will fail, after the
 * measured rework time), plus what the positions free now or freed by a pass before the last useful start can
 * still soak and ship (bounded by the racks queued or arriving by then, times the yield). A failed rack keeps
 * its position for its retest, so only passes free positions for new starts. Without a pipeline it is §5's
 * run-rate projection.
 */
export function forecastWeek(input: WeekForecastInput): WeekForecast {
  const { now, weekEnd, shippedSoFar, pipeline } = input;
  if (pipeline === null) {
    return {
      method: 'run_rate',
      projected: input.runRateProjection,
      shippedSoFar,
      fromPastBurnIn: 0,
      fromSoaking: 0,
      fromRetests: 0,
      fromNewStarts: 0,
      lastUsefulStart: null,
      timings: null,
      explanation: 'run rate: shipped so far plus the recent run rate over the production hours left',
    };
  }
  const timings: ForecastTimings = {
    downstreamHours: nonNegative(pipeline.downstreamHours ?? DEFAULT_DOWNSTREAM_HOURS),
    pullHours: nonNegative(pipeline.pullHours ?? 0),
    reworkHours: nonNegative(pipeline.reworkHours ?? 0),
  };
  const downstreamMs = timings.downstreamHours * HOUR_MS;
  const pullMs = timings.pullHours * HOUR_MS;
  const burnInYield = clampShare(pipeline.burnInYield ?? 1);
  const end = weekEnd.getTime();
  const at = now.getTime();
  // When a soaking rack comes out: an overdue one, now at the earliest.
  const outAt = (due: Date) => Math.max(due.getTime() + pullMs, at);

  // A rack past burn-in has spent part of the downstream time already; one older than typical is due now.
  const fromPastBurnIn = pipeline.pastBurnIn.filter(
    (passed) => Math.max(passed.getTime() + downstreamMs, at) <= end,
  ).length;
  const soakingInTime = pipeline.dueTimes.filter((due) => outAt(due) + downstreamMs <= end).length;
  const fromSoaking = soakingInTime * burnInYield;

  // A retest soaks the retest minimum and is pulled like any run; a soaking rack that fails is reworked first.
  const retestMs = pipeline.retestHours * HOUR_MS + pullMs + downstreamMs;
  const reworkMs = timings.reworkHours * HOUR_MS;
  const awaitingInTime = at + retestMs <= end ? pipeline.awaitingRetest : 0;
  const failingInTime = pipeline.dueTimes.filter((due) => outAt(due) + reworkMs + retestMs <= end).length;
  const fromRetests = (awaitingInTime + failingInTime * (1 - burnInYield)) * burnInYield;

  const lastStart = end - downstreamMs - pullMs - pipeline.soakHours * HOUR_MS;
  let fromNewStarts = 0;
  if (lastStart > at) {
    // Positions usable before the last useful start: free ones, and those a passing rack leaves before it.
    const freedByPasses = pipeline.dueTimes.filter((due) => due.getTime() + pullMs <= lastStart).length;
    const positions = pipeline.freePositions + freedByPasses * burnInYield;
    const racks = pipeline.queued + pipeline.arrivalsPerHour * ((lastStart - at) / HOUR_MS);
    fromNewStarts = Math.min(positions, racks) * burnInYield;
  }
  const projected = shippedSoFar + fromPastBurnIn + fromSoaking + fromRetests + fromNewStarts;
  return {
    method: 'pipeline',
    projected: round(projected),
    shippedSoFar,
    fromPastBurnIn,
    fromSoaking: round(fromSoaking),
    fromRetests: round(fromRetests),
    fromNewStarts: round(fromNewStarts),
    lastUsefulStart: lastStart > at ? new Date(lastStart) : null,
    timings,
    explanation:
      `pipeline: ${shippedSoFar} shipped + ${fromPastBurnIn} past burn-in + ${soakingInTime} soaking due in time` +
      ` × yield ${round(burnInYield * 100)}% + ${round(fromRetests)} retests + ${round(fromNewStarts)} new starts` +
      ` that can still finish (pulled ${round(timings.pullHours)} h after due, ${round(timings.downstreamHours)} h to ship)`,
  };
}

function clampShare(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

function nonNegative(hours: number): number {
  return Number.isFinite(hours) ? Math.max(0, hours) : 0;
}
