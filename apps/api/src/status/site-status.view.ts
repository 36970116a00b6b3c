import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RACK_STATUSES, REJECTION_REASONS } from '#domain';
import { ApiDateTime, ApiDateTimeOrNull, TimeWindowView } from '../common/date-time.view.js';

// The shift managers' status views. Classes so the OpenAPI document is generated from what handlers return.

export class WeekView {
  @ApiDateTime("Local midnight of the week's first day")
  start: string;

  @ApiDateTime()
  end: string;

  @ApiProperty({ example: '2026-11-23', description: 'Local date of the first day' })
  firstDay: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;
}

export class ProductionHoursView {
  @ApiProperty({ description: "The week's production hours under the shift calendar" })
  week: number;

  @ApiProperty()
  elapsed: number;

  @ApiProperty()
  remaining: number;
}

export class RunRateView {
  @ApiProperty({ description: 'Completions per production hour over the recent window' })
  perHour: number;

  @ApiProperty({ description: 'Production hours the run rate is measured over' })
  windowHours: number;
}

export class PlanPeriodView {
  @ApiProperty({ example: '2026-11-25', description: 'Local date the span starts on' })
  date: string;

  @ApiDateTime()
  start: string;

  @ApiDateTime()
  end: string;

  @ApiProperty()
  productionHours: number;

  @ApiProperty({
    description: "Racks the plan asks of the whole span (the target's share by production hours)",
  })
  plan: number;

  @ApiProperty({ description: 'Racks the plan asks of the span up to now' })
  expectedByNow: number;

  @ApiProperty({ description: 'Racks that completed their route within the span' })
  actual: number;
}

export class ShiftPeriodView extends PlanPeriodView {
  @ApiProperty({ example: '06:00–14:00' })
  label: string;

  @ApiProperty({
    example: 33,
    description: 'Racks the plan asked of the shift up to now (expectedByNow), whole racks',
  })
  due: number;

  @ApiProperty({ description: 'Whether the shift is running now' })
  current: boolean;
}

/** What it takes to still reach the week's target. */
export class NeededView {
  @ApiProperty({
    example: 580,
    description: 'Racks still to complete this week: target − actual, never negative',
  })
  racks: number;

  @ApiProperty({ example: 78.5, description: 'Production hours left in the week under the shift calendar' })
  productionHoursLeft: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 7.4,
    description: 'Racks per production hour needed over the hours left; null when none are left',
  })
  perHour: number | null;
}

export class BurnUpPointView {
  @ApiDateTime()
  at: string;

  @ApiProperty({ description: 'Cumulative racks the plan expects by this instant' })
  expected: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Cumulative completions; null after now' })
  actual: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Projected cumulative completions; null before now',
  })
  projected: number | null;
}

export class StageRateView {
  @ApiProperty()
  stage: string;

  @ApiProperty({ description: 'Passes at the stage this week' })
  passedThisWeek: number;

  @ApiProperty({ description: 'Passes per production hour over the run-rate window' })
  ratePerHour: number;
}

/** The times the pipeline forecast assumed: measured over the last week, or defaults before any. */
export class ForecastTimingsView {
  @ApiProperty({ description: 'Median hours from passing burn-in to shipping (12 until a rack has shipped)' })
  downstreamHours: number;

  @ApiProperty({ description: 'Median hours a burn-in run passes after its minimum (racks are pulled late)' })
  pullHours: number;

  @ApiProperty({ description: 'Median hours from a failed burn-in run to the start of its retest' })
  reworkHours: number;
}

/** How `projected` was computed (docs/architecture.md, "Forecast"). */
export class ProjectionView {
  @ApiProperty({
    enum: ['pipeline', 'run_rate'],
    description: 'pipeline when the site has a stage with a dwell and burn-in cells; run_rate otherwise',
  })
  method: 'pipeline' | 'run_rate';

  @ApiProperty()
  projected: number;

  @ApiProperty()
  shippedSoFar: number;

  @ApiProperty({ description: 'Racks past burn-in the measured downstream time ships this week' })
  fromPastBurnIn: number;

  @ApiProperty({
    description: 'Racks soaking whose due time plus the downstream time falls in the week, times the yield',
  })
  fromSoaking: number;

  @ApiProperty({
    description:
      'Retests that ship this week, times the yield: racks failed in their position, and the share of soaking ' +
      'racks that will fail, after the rework time',
  })
  fromRetests: number;

  @ApiProperty({
    description: 'Racks free positions can still start, soak and ship this week, times the yield',
  })
  fromNewStarts: number;

  @ApiDateTimeOrNull('The last moment a new burn-in run can start and still ship this week')
  lastUsefulStart: string | null;

  @ApiProperty({ type: ForecastTimingsView, nullable: true, description: 'null for run_rate' })
  timings: ForecastTimingsView | null;

  @ApiProperty()
  explanation: string;
}

/** What the live stream recomputes for a site: its figures as of `generatedAt`. */
export class SiteSnapshotView {
  @ApiProperty()
  siteId: string;

  @ApiDateTime()
  generatedAt: string;
}

/** Weekly progress of one site (docs/architecture.md), computed with the alerts' throughput maths and settings. */
export class ProgressView extends SiteSnapshotView {
  @ApiProperty({ description: 'false while the site runs on the default target and calendar' })
  configured: boolean;

  @ApiProperty({ type: WeekView })
  week: WeekView;

  @ApiProperty({ description: "The week's target (a mid-week change pro-rated)" })
  target: number;

  @ApiProperty({ description: 'The weekly target in force now' })
  targetInForce: number;

  @ApiProperty({ description: 'Racks that completed their route this week' })
  actual: number;

  @ApiProperty({ description: 'target × production hours elapsed ÷ production hours in the week' })
  expectedByNow: number;

  @ApiProperty({
    example: 12,
    description: 'Racks behind plan now: max(0, expectedByNow − actual), whole racks',
  })
  gap: number;

  @ApiProperty({
    type: NeededView,
    description: 'The rate needed to still reach the target (runRate is the rate running)',
  })
  needed: NeededView;

  @ApiProperty({
    description:
      'The week’s projection: from the burn-in pipeline when it can be seen, else actual + run rate × production hours left',
  })
  projected: number;

  @ApiProperty({ type: ProjectionView })
  projection: ProjectionView;

  @ApiProperty({ description: 'Neither behind plan nor projected to miss, by the alert rules’ tolerances' })
  onTrack: boolean;

  @ApiProperty({ description: 'Behind plan beyond tolerance (the behind_plan rule’s view)' })
  behindPlan: boolean;

  @ApiProperty({ description: 'Projected to miss beyond tolerance (the projected_miss rule’s view)' })
  projectedMiss: boolean;

  @ApiProperty({ type: RunRateView })
  runRate: RunRateView;

  @ApiProperty({ description: 'The rate the plan runs at: target in force ÷ production hours of the week' })
  plannedRatePerHour: number;

  @ApiProperty({ type: ProductionHoursView })
  productionHours: ProductionHoursView;

  @ApiProperty({ type: [PlanPeriodView], description: 'Each local day of the week' })
  byDay: PlanPeriodView[];

  @ApiProperty({ type: [ShiftPeriodView], description: 'Each configured shift of the week' })
  byShift: ShiftPeriodView[];

  @ApiProperty({ type: [BurnUpPointView], description: 'Hourly, from the week start to its end, plus now' })
  burnUp: BurnUpPointView[];

  @ApiProperty({ type: [StageRateView] })
  stages: StageRateView[];
}

export class RackAgeView {
  @ApiProperty()
  serial: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiDateTime('First transition into the stage')
  enteredStageAt: string;

  @ApiDateTime()
  stateEnteredAt: string;
}

export class StageWipView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({
    description: 'Unfinished racks at the stage, passed ones (waiting for the next stage) included',
  })
  total: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { in_progress: 12, passed: 3, failed: 1, rework: 1 },
    description: 'Racks per status (only statuses present)',
  })
  byStatus: Record<string, number>;

  @ApiProperty({
    type: RackAgeView,
    nullable: true,
    description: 'The rack that has been at the stage longest',
  })
  oldest: RackAgeView | null;
}

export class StuckRackView {
  @ApiProperty()
  serial: string;

  @ApiProperty()
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiDateTime()
  stateEnteredAt: string;

  @ApiProperty()
  hoursInState: number;

  @ApiProperty({ description: "The stuck-rack rule's limit for this stage or status" })
  limitHours: number;

  @ApiProperty({ enum: ['production', 'wall'], description: 'Whether only production hours count' })
  clock: string;
}

/** Work in progress of one site: the flow from stage to stage, and what is stuck. */
export class WipView extends SiteSnapshotView {
  @ApiProperty({
    type: [StageWipView],
    description: 'In route order (the default route), then any other stage',
  })
  stages: StageWipView[];

  @ApiProperty({ description: 'Unfinished racks in all' })
  total: number;

  @ApiProperty({
    type: [StuckRackView],
    description: 'Racks in one state longer than their limit, worst first',
  })
  stuck: StuckRackView[];
}

export class CycleTimeView {
  @ApiProperty({ description: 'Passes in the window measured' })
  count: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Median seconds from first start to pass' })
  p50Seconds: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p90Seconds: number | null;
}

export class FirstPassView {
  @ApiProperty({ description: 'Racks whose first outcome at the stage fell in the window' })
  tested: number;

  @ApiProperty()
  passedFirstTime: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'passedFirstTime ÷ tested; null when none were tested',
  })
  yield: number | null;
}

export class StagePerformanceView {
  @ApiProperty()
  stage: string;

  @ApiProperty({ type: CycleTimeView })
  cycleTime: CycleTimeView;

  @ApiProperty({ type: FirstPassView })
  firstPass: FirstPassView;

  @ApiProperty({ description: 'Rework loops begun at the stage in the window' })
  reworkStarted: number;

  @ApiProperty({ description: 'Racks in rework at the stage now' })
  inReworkNow: number;
}

export class ReasonCountView {
  @ApiProperty({ enum: REJECTION_REASONS })
  reason: string;

  @ApiProperty()
  count: number;
}

export class WindowView extends TimeWindowView {
  @ApiProperty()
  hours: number;
}

/** Cycle time, first-pass yield and rework per stage, and refusals per reason, over a chosen window. */
export class PerformanceView {
  @ApiProperty()
  siteId: string;

  @ApiProperty({ type: WindowView })
  window: WindowView;

  @ApiProperty({ type: [StagePerformanceView] })
  stages: StagePerformanceView[];

  @ApiProperty({ type: [ReasonCountView], description: 'Most frequent first' })
  rejections: ReasonCountView[];

  @ApiPropertyOptional({ description: 'Refused events in the window, all reasons' })
  rejectionsTotal: number;
}
