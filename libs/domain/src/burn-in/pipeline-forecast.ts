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
  // will pass and ship, and racks not yet started that free positions can still soak and ship in time.
  readonly fromPastBurnIn: number;
  readonly fromSoaking: number;
  readonly fromNewStarts: number;
  // The last moment a new run can start and still ship this week; null for run_rate.
  readonly lastUsefulStart: Date | null;
  readonly explanation: string;
}

// Before any rack has shipped through the downstream stages, assume they take this long (QA and packing on
// a GB200-class line take hours, not days); replaced by the measured median as soon as there is one.
export const DEFAULT_DOWNSTREAM_HOURS = 12;

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * The week's output as the pipeline says it will be (docs/architecture.md, "Forecast"): what has shipped, plus
 * every rack past burn-in that the typical downstream time gets out before the week ends, plus every rack
 * soaking whose due time plus that downstream time falls before the week ends (times the burn-in yield), plus
 * what the positions free now or freed before the last useful start can still soak and ship (bounded by the
 * racks queued or arriving by then, times the yield). Without a pipeline it is §5's run-rate projection.
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
      fromNewStarts: 0,
      lastUsefulStart: null,
      explanation: 'run rate: shipped so far plus the recent run rate over the production hours left',
    };
  }
  const downstreamMs = (pipeline.downstreamHours ?? DEFAULT_DOWNSTREAM_HOURS) * HOUR_MS;
  const burnInYield = clampShare(pipeline.burnInYield ?? 1);
  const end = weekEnd.getTime();
  const at = now.getTime();

  // A rack past burn-in has spent part of the downstream time already; one older than typical is due now.
  const fromPastBurnIn = pipeline.pastBurnIn.filter(
    (passed) => at + Math.max(0, passed.getTime() + downstreamMs - at) <= end,
  ).length;
  const soakingInTime = pipeline.dueTimes.filter((due) => Math.max(due.getTime(), at) + downstreamMs <= end);
  const fromSoaking = soakingInTime.length * burnInYield;

  const lastStart = end - downstreamMs - pipeline.soakHours * HOUR_MS;
  let fromNewStarts = 0;
  if (lastStart > at) {
    // Positions usable before the last useful start: free ones, and those whose rack is due before it.
    const positions =
      pipeline.freePositions + pipeline.dueTimes.filter((due) => due.getTime() <= lastStart).length;
    const racks = pipeline.queued + pipeline.arrivalsPerHour * ((lastStart - at) / HOUR_MS);
    fromNewStarts = Math.min(positions, racks) * burnInYield;
  }
  const projected = shippedSoFar + fromPastBurnIn + fromSoaking + fromNewStarts;
  return {
    method: 'pipeline',
    projected: round(projected),
    shippedSoFar,
    fromPastBurnIn,
    fromSoaking: round(fromSoaking),
    fromNewStarts: round(fromNewStarts),
    lastUsefulStart: lastStart > at ? new Date(lastStart) : null,
    explanation:
      `pipeline: ${shippedSoFar} shipped + ${fromPastBurnIn} past burn-in + ${soakingInTime.length} soaking due in time` +
      ` × yield ${round(burnInYield * 100)}% + ${round(fromNewStarts)} new starts that can still finish`,
  };
}

function clampShare(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}
