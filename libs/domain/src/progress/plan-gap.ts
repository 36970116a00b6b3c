/** What the shift managers need beside "behind plan": how far behind, and the rate that still makes the week. */
export interface PlanGap {
  /** Racks behind plan now: expected by now − actual, whole racks, never negative. */
  readonly gap: number;
  readonly needed: {
    /** Racks still to complete this week: target − actual, whole racks, never negative. */
    readonly racks: number;
    /** Production hours left in the week under the shift calendar. */
    readonly productionHoursLeft: number;
    /** Racks per production hour needed over those hours; null when no production hours are left. */
    readonly perHour: number | null;
  };
}

export interface PlanGapInput {
  /** The week's target (a mid-week change pro-rated). */
  readonly target: number;
  readonly expectedByNow: number;
  readonly actual: number;
  readonly productionHoursLeft: number;
}

/**
 * The gap to the plan and the rate needed to still reach the target. A fraction of a rack cannot be built, so
 * the gap is rounded to the nearest rack (as the dashboard shows the plan) and the racks needed rounded up.
 */
export function planGap(input: PlanGapInput): PlanGap {
  const gap = Math.max(0, Math.round(input.expectedByNow - input.actual));
  // Within a millionth of a rack is reached: the pro-rated target is a float sum.
  const racks = Math.max(0, Math.ceil(input.target - input.actual - 1e-6));
  const productionHoursLeft = Math.max(0, input.productionHoursLeft);
  return {
    gap,
    needed: {
      racks,
      productionHoursLeft,
      perHour: productionHoursLeft > 0 ? racks / productionHoursLeft : null,
    },
  };
}

/** A shift of the week as the "Today & shifts" panel shows it. */
export interface ShiftStanding {
  /** Racks the plan asked of the shift up to now, in whole racks. */
  readonly due: number;
  /** Whether now falls within the shift. */
  readonly current: boolean;
}

/** What was due of a shift by now, and whether it is the one running (start inclusive, end exclusive). */
export function shiftStanding(
  shift: { readonly start: Date; readonly end: Date; readonly expectedByNow: number },
  now: Date,
): ShiftStanding {
  const instant = now.getTime();
  return {
    due: Math.round(shift.expectedByNow),
    current: shift.start.getTime() <= instant && instant < shift.end.getTime(),
  };
}

/** The shift running at `now`, or else the last one that ended; `previous` asks for the one before that. */
export function handoverShift<Shift extends { readonly start: Date; readonly end: Date }>(
  shifts: readonly Shift[],
  now: Date,
  which: 'current' | 'previous',
): Shift | null {
  const instant = now.getTime();
  const started = [...shifts]
    .filter((shift) => shift.start.getTime() <= instant)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const latest = started.length - 1;
  if (latest < 0) return null;
  // Between shifts the one that ended last is still the one to hand over; the previous one is before it.
  return started[which === 'current' ? latest : latest - 1] ?? null;
}
