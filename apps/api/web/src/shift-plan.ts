// What the shifts panel says about the plan, from the progress figures alone (no DOM, unit-tested).
import type { Progress, ShiftPeriod } from './api-types.js';
import { formatCount, formatRate } from './format.js';
import { t } from './i18n.js';

/** The progress fields of the shift plan (`gap`, `needed`, a shift's `due` and `current`); absent from an older api. */
export type PlanShift = ShiftPeriod & { due?: number; current?: boolean };
export type PlanProgress = Omit<Progress, 'byShift'> & {
  byShift: PlanShift[];
  gap?: number;
  needed?: { racks: number; productionHoursLeft: number; perHour: number | null };
};

/** Racks behind plan now: what the api says, else expected-by-now minus shipped, never below zero. */
export function weekGap(progress: PlanProgress): number {
  return Math.max(0, Math.round(progress.gap ?? progress.expectedByNow - progress.actual));
}

/** A shift's due-now: the api's rounded `due`, else its expected-by-now. */
export function shiftDue(shift: PlanShift): number {
  return shift.due ?? shift.expectedByNow;
}

export function shiftGap(shift: PlanShift): number {
  return Math.max(0, Math.round(shiftDue(shift)) - shift.actual);
}

/** "needs 7.4/h for the rest of the week, running 5.9/h" */
export function neededRateText(progress: PlanProgress): string {
  const running = formatRate(progress.runRate.perHour);
  if (!progress.needed) return '';
  if (progress.needed.perHour === null) return t('shifts.noHoursLeft', { running });
  return t('shifts.needs', { needed: formatRate(progress.needed.perHour), running });
}

/** "12 racks short" under "Behind plan"; nothing when on plan. */
export function shortfallText(progress: PlanProgress): string {
  const gap = weekGap(progress);
  return gap > 0 ? t('kpi.verdict.shortfall', { count: gap, formatted: formatCount(gap) }) : '';
}
