import { DEFAULT_SHIFT_CALENDAR, ShiftCalendar } from '../shift-calendar.js';
import {
  computeThroughputSnapshot,
  throughputWindows,
  type ThroughputCounts,
  type ThroughputSnapshot,
} from '../throughput-snapshot.js';
import { WeeklyTargetPolicy } from '../weekly-target-policy.js';

/** Every hour a production hour, weeks from Monday in UTC. */
export const everyHourCalendar = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);

/** A site at 1,000 racks a week since January, seen at `now`, with the counts given (none by default). */
export function snapshotOf(
  now: Date,
  runRateWindowHours: number,
  stageOrder: readonly string[],
  counts: Partial<ThroughputCounts> = {},
): ThroughputSnapshot {
  return computeThroughputSnapshot({
    calendar: everyHourCalendar,
    targets: new WeeklyTargetPolicy([
      { weeklyTarget: 1000, effectiveFrom: new Date('2026-01-01T00:00:00Z') },
    ]),
    windows: throughputWindows(everyHourCalendar, now, runRateWindowHours),
    counts: { completedThisWeek: 0, completedInRunRateWindow: 0, stages: [], firstOutcomes: [], ...counts },
    stageOrder,
  });
}
