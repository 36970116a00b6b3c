import {
  pauseSoak,
  requiredSoakHours,
  resumeSoak,
  soakedMs,
  startSoak,
  type SoakClock,
} from '../burn-in/soak-clock.js';
import type { StageDwell } from './rack-route.js';
import { TERMINAL_RACK_STATUSES } from './rack-vocabulary.js';

const TERMINAL: readonly string[] = TERMINAL_RACK_STATUSES;

/** One entry of a rack's timeline, as much of it as the figures below need (oldest first, in Kafka order). */
export interface TimelineTransition {
  readonly eventType: string;
  readonly stage: string;
  readonly fromStage: string | null;
  readonly fromStatus: string | null;
  readonly toStage: string;
  readonly toStatus: string;
  readonly occurredAt: Date;
  readonly locationCell: string | null;
  readonly locationPosition: number | null;
}

/** How long a rack spent in one (stage, status), over every visit. */
export interface TimeInState {
  readonly stage: string;
  readonly status: string;
  readonly seconds: number;
  readonly visits: number;
}

/**
 * Time spent in each (stage, status) the rack entered, in the order first entered. Each visit lasts until the
 * next transition that moves the rack (an install or removal leaves it where it is, so it continues the visit);
 * the current one lasts until `now`, except a shipped or scrapped rack's, whose clock stopped when it left the
 * line. Terminals' clocks may disagree with Kafka order, so a visit that would last less than nothing counts as
 * zero rather than taking time off another.
 */
export function timeInStates(history: readonly TimelineTransition[], now: Date): TimeInState[] {
  const moves = history.filter(
    (transition) =>
      transition.fromStage !== transition.toStage || transition.fromStatus !== transition.toStatus,
  );
  const totals = new Map<string, { stage: string; status: string; ms: number; visits: number }>();
  moves.forEach((transition, index) => {
    const key = `${transition.toStage}\u0000${transition.toStatus}`;
    const next = moves[index + 1];
    const end = next?.occurredAt ?? (TERMINAL.includes(transition.toStatus) ? transition.occurredAt : now);
    const ms = Math.max(0, end.getTime() - transition.occurredAt.getTime());
    const total = totals.get(key) ?? {
      stage: transition.toStage,
      status: transition.toStatus,
      ms: 0,
      visits: 0,
    };
    totals.set(key, { ...total, ms: total.ms + ms, visits: total.visits + 1 });
  });
  return [...totals.values()].map(({ stage, status, ms, visits }) => ({
    stage,
    status,
    seconds: Math.round(ms / 1000),
    visits,
  }));
}

export const BURN_IN_RUN_OUTCOMES = ['passed', 'failed', 'running', 'aborted'] as const;
export type BurnInRunOutcome = (typeof BURN_IN_RUN_OUTCOMES)[number];

/** One run at a stage with a dwell (a burn-in soak): from its start to its pass, failure or abandonment. */
export interface BurnInRun {
  readonly stage: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly cell: string | null;
  readonly position: number | null;
  readonly outcome: BurnInRunOutcome;
  readonly retest: boolean;
  readonly soakedHours: number;
  readonly requiredHours: number;
}

const HOUR_MS = 3_600_000;

interface OpenRun {
  readonly start: TimelineTransition;
  readonly dwell: StageDwell;
  clock: SoakClock;
}

function closeRun(run: OpenRun, outcome: BurnInRunOutcome, endedAt: Date | null, at: Date): BurnInRun {
  return {
    stage: run.start.toStage,
    startedAt: run.start.occurredAt,
    endedAt,
    cell: run.start.locationCell,
    position: run.start.locationPosition,
    outcome,
    retest: run.clock.retest,
    soakedHours: Math.round((soakedMs(run.clock, at) / HOUR_MS) * 100) / 100,
    requiredHours: requiredSoakHours(run.dwell, run.clock.retest),
  };
}

function outcomeOf(eventType: string): BurnInRunOutcome {
  if (eventType === 'passed' || eventType === 'completed') return 'passed';
  if (eventType === 'failed') return 'failed';
  return 'aborted';
}

/**
 * Every run the rack made at a stage with a dwell, oldest first, replayed from its timeline the way the soak
 * clock runs: holds stop it, a release restarts it, a start after rework at the same stage is a retest held to
 * the retest minimum. A run ends with the next transition that takes the rack out of the stage's in-progress
 * (other than a hold): passed, failed, or aborted (scrapped, or moved elsewhere); an unended run is running
 * and soaks until `now`.
 */
export function burnInRuns(
  history: readonly TimelineTransition[],
  dwell: Readonly<Record<string, StageDwell>>,
  now: Date,
): BurnInRun[] {
  const runs: BurnInRun[] = [];
  let open: OpenRun | null = null;
  for (const transition of history) {
    if (open !== null) {
      const stage: string = open.start.toStage;
      if (transition.toStatus === 'on_hold') {
        open.clock = pauseSoak(open.clock, transition.occurredAt);
        continue;
      }
      if (
        transition.toStage === stage &&
        transition.toStatus === 'in_progress' &&
        transition.eventType !== 'started'
      ) {
        open.clock = resumeSoak(open.clock, transition.occurredAt);
        continue;
      }
      // A release from a hold is where the clock restarts, even when the rack leaves the stage at once.
      const clock = resumeSoak(open.clock, transition.occurredAt);
      runs.push(
        closeRun(
          { ...open, clock },
          outcomeOf(transition.eventType),
          transition.occurredAt,
          transition.occurredAt,
        ),
      );
      open = null;
    }
    const stageDwell: StageDwell | undefined = dwell[transition.toStage];
    if (
      transition.eventType === 'started' &&
      transition.toStatus === 'in_progress' &&
      stageDwell !== undefined
    ) {
      const retest = transition.fromStage === transition.toStage && transition.fromStatus === 'waiting';
      open = {
        start: transition,
        dwell: stageDwell,
        clock: startSoak(transition.toStage, transition.occurredAt, retest),
      };
    }
  }
  if (open !== null) runs.push(closeRun(open, 'running', null, now));
  return runs;
}

/**
 * Whether a measurement was within its limits; null when it had none, so a reading taken for the record is
 * not shown as a pass.
 */
export function withinLimits(measurement: {
  readonly low: number | null;
  readonly high: number | null;
  readonly passed: boolean;
}): boolean | null {
  return measurement.low === null && measurement.high === null ? null : measurement.passed;
}
