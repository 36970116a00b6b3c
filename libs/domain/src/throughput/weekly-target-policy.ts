import type { ShiftCalendar, WeekBounds } from './shift-calendar.js';

export const DEFAULT_WEEKLY_TARGET = 1000;
export const MAX_WEEKLY_TARGET = 1_000_000;

/** A weekly target and the moment it took effect; a site's revisions form its target history. */
export interface TargetRevision {
  readonly weeklyTarget: number;
  readonly effectiveFrom: Date;
}

/**
 * The plan for a week. Each production hour earns the target in force during that hour, divided by the
 * week's production hours, so raising the target on Wednesday raises what is expected of the hours left
 * rather than retroactively making Monday and Tuesday look behind.
 */
export class WeeklyTargetPolicy {
  private readonly revisions: readonly TargetRevision[];

  constructor(
    revisions: readonly TargetRevision[],
    private readonly fallbackTarget: number = DEFAULT_WEEKLY_TARGET,
  ) {
    this.revisions = [...revisions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  }

  /** The target in force at `instant`: the latest revision not after it, or the first one before any. */
  targetAt(instant: Date): number {
    let current: number | undefined;
    for (const revision of this.revisions) {
      if (revision.effectiveFrom <= instant) current = revision.weeklyTarget;
      else break;
    }
    // Before the first revision the site ran on its first configured target, not on the default.
    return current ?? this.revisions[0]?.weeklyTarget ?? this.fallbackTarget;
  }

  /** Racks the plan expects from the week's start up to `until` (clamped to the week). */
  expectedBetween(calendar: ShiftCalendar, week: WeekBounds, until: Date): number {
    const weekMs = calendar.productionMsBetween(week.start, week.end);
    if (weekMs === 0) return 0;
    const end = Math.min(Math.max(until.getTime(), week.start.getTime()), week.end.getTime());
    let expected = 0;
    let cursor = week.start.getTime();
    for (const boundary of [...this.changesWithin(week.start.getTime(), end), end]) {
      if (boundary <= cursor) continue;
      const share = calendar.productionMsBetween(new Date(cursor), new Date(boundary)) / weekMs;
      expected += this.targetAt(new Date(cursor)) * share;
      cursor = boundary;
    }
    return expected;
  }

  /** What the week will have asked for by its end if the target in force at `at` holds from then on. */
  weekTargetAsOf(calendar: ShiftCalendar, week: WeekBounds, at: Date): number {
    const weekMs = calendar.productionMsBetween(week.start, week.end);
    const now = new Date(Math.min(Math.max(at.getTime(), week.start.getTime()), week.end.getTime()));
    const current = this.targetAt(now);
    if (weekMs === 0) return current;
    // The current target plus what earlier targets this week differed from it, pro rata: a week that ran on
    // one target reports exactly that target, not a sum of hourly shares with floating-point dust.
    let adjustment = 0;
    let cursor = week.start.getTime();
    for (const boundary of [...this.changesWithin(week.start.getTime(), now.getTime()), now.getTime()]) {
      if (boundary <= cursor) continue;
      const earlier = this.targetAt(new Date(cursor));
      if (earlier !== current) {
        adjustment +=
          ((earlier - current) * calendar.productionMsBetween(new Date(cursor), new Date(boundary))) / weekMs;
      }
      cursor = boundary;
    }
    return current + adjustment;
  }

  private changesWithin(from: number, to: number): number[] {
    return this.revisions
      .map((revision) => revision.effectiveFrom.getTime())
      .filter((instant) => instant > from && instant < to);
  }
}
