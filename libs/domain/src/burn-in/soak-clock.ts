import type { StageDwell } from '../rack/rack-route.js';

const HOUR_MS = 3_600_000;

/**
 * The clock of a rack's current run at a stage with a dwell. Only time in progress counts: a hold from
 * in-progress stops the clock (`holdStartedAt`) and its length is added to `heldMs` on release, so a rack
 * parked for a facility fault is not passed on soak time it never had.
 */
export interface SoakClock {
  readonly stage: string;
  readonly startedAt: Date;
  readonly heldMs: number;
  readonly holdStartedAt: Date | null;
  // A run after rework needs the retest minimum instead of the full soak.
  readonly retest: boolean;
}

export function startSoak(stage: string, at: Date, retest: boolean): SoakClock {
  return { stage, startedAt: new Date(at.getTime()), heldMs: 0, holdStartedAt: null, retest };
}

export function pauseSoak(clock: SoakClock, at: Date): SoakClock {
  return clock.holdStartedAt === null ? { ...clock, holdStartedAt: new Date(at.getTime()) } : clock;
}

export function resumeSoak(clock: SoakClock, at: Date): SoakClock {
  if (clock.holdStartedAt === null) return clock;
  // A release stamped before its hold (a terminal's clock stepped back) adds no time rather than taking it.
  const heldMs = Math.max(0, at.getTime() - clock.holdStartedAt.getTime());
  return { ...clock, heldMs: clock.heldMs + heldMs, holdStartedAt: null };
}

/** Time in progress since the run started, hold time (accrued and running) left out. */
export function soakedMs(clock: SoakClock, at: Date): number {
  const end = clock.holdStartedAt ?? at;
  return Math.max(0, end.getTime() - clock.startedAt.getTime() - clock.heldMs);
}

export function requiredSoakHours(dwell: StageDwell, retest: boolean): number {
  return retest ? (dwell.retestMinHours ?? dwell.minHours) : dwell.minHours;
}

export function requiredSoakMs(dwell: StageDwell, retest: boolean): number {
  return requiredSoakHours(dwell, retest) * HOUR_MS;
}

/**
 * When the run may pass. While on hold the clock is stopped, so the due time is computed as if the rack were
 * released now (`at`): it moves later for as long as the hold lasts.
 */
export function soakDueAt(clock: SoakClock, dwell: StageDwell, at: Date): Date {
  const running =
    clock.holdStartedAt === null ? 0 : Math.max(0, at.getTime() - clock.holdStartedAt.getTime());
  return new Date(clock.startedAt.getTime() + clock.heldMs + running + requiredSoakMs(dwell, clock.retest));
}

/** When the run exceeds the stage's maximum, or null when the stage has none. */
export function soakOverrunAt(clock: SoakClock, dwell: StageDwell, at: Date): Date | null {
  if (dwell.maxHours === null) return null;
  const running =
    clock.holdStartedAt === null ? 0 : Math.max(0, at.getTime() - clock.holdStartedAt.getTime());
  return new Date(clock.startedAt.getTime() + clock.heldMs + running + dwell.maxHours * HOUR_MS);
}

// Hours to one decimal, rounded up for what is left so a refusal never says "0 h left".
export function formatHours(ms: number, round: (value: number) => number = Math.round): string {
  return `${round((ms / HOUR_MS) * 10) / 10} h`;
}

/** A run's figures as a shift manager reads them, at `at`. */
export interface SoakStatus {
  readonly soakedHours: number;
  readonly requiredHours: number;
  readonly remainingHours: number;
  readonly dueAt: Date;
  readonly overrunAt: Date | null;
  readonly onHold: boolean;
}

const roundHours = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

export function soakStatus(clock: SoakClock, dwell: StageDwell, at: Date): SoakStatus {
  const soaked = soakedMs(clock, at);
  const required = requiredSoakMs(dwell, clock.retest);
  return {
    soakedHours: roundHours(soaked),
    requiredHours: requiredSoakHours(dwell, clock.retest),
    remainingHours: roundHours(Math.max(0, required - soaked)),
    dueAt: soakDueAt(clock, dwell, at),
    overrunAt: soakOverrunAt(clock, dwell, at),
    onHold: clock.holdStartedAt !== null,
  };
}
