import { ApiProperty } from '@nestjs/swagger';
import {
  BURN_IN_RUN_OUTCOMES,
  DISPOSITION_ACTIONS,
  RACK_STATUSES,
  soakStatus,
  withinLimits,
  type BurnInRun,
  type TimeInState,
} from '#domain';
import type {
  RackFailureRecord,
  RackHistoryRecord,
  RackMeasurementRecord,
  RackRecord,
  StoredFailureDisposition,
} from '#persistence';
import { RackComponentsView } from '../genealogy/genealogy.view.js';
import type { Plain } from '../common/plain.js';
import { RackRejectionView } from '../rejections/rejection.view.js';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

// Classes rather than interfaces so the OpenAPI document is generated from the very types the handlers
// return; the mappers below still build plain objects, which TypeScript checks against them structurally.

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class PositionView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;
}

export class BurnInLocationView {
  @ApiProperty({ example: 'BI-A1' })
  cell: string;

  @ApiProperty({ example: 12 })
  position: number;
}

export class HoldReasonView {
  @ApiProperty({ type: String, nullable: true, example: 'chiller trip on loop 3' })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'facility' })
  reasonCode: string | null;
}

/** The current run at a stage with a dwell, as of the answer's time. */
export class SoakView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiDateTime('The last started at the stage')
  startedAt: string;

  @ApiProperty({ description: 'A run after rework, held to the retest minimum' })
  retest: boolean;

  @ApiProperty({ description: 'Hours in progress so far, holds not counted', example: 70.5 })
  soakedHours: number;

  @ApiProperty({ example: 72 })
  requiredHours: number;

  @ApiProperty({ example: 1.5 })
  remainingHours: number;

  @ApiDateTime('When a pass will be accepted; moves later while the rack is on hold')
  dueAt: string;

  @ApiDateTimeOrNull('When the run exceeds the stage maximum (dwell_overrun); null without one')
  overrunAt: string | null;

  @ApiProperty({ description: 'The clock is stopped: the rack is on hold' })
  onHold: boolean;
}

/** Where a rack is and how it got there; shared by the list entry and the detail's state. */
export class RackCurrentView {
  @ApiProperty({ example: 'gb200-nvl72' })
  model: string;

  @ApiProperty()
  siteId: string;

  @ApiProperty()
  lineId: string;

  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiProperty({
    type: PositionView,
    nullable: true,
    description: 'The state an on_hold rack returns to on release',
  })
  held: PositionView | null;

  @ApiProperty({ description: 'Rework loops so far' })
  reworkCount: number;

  @ApiProperty()
  failureCount: number;

  @ApiDateTime()
  startedAt: string;

  @ApiDateTime('When the rack entered its current (stage, status)')
  stateEnteredAt: string;

  @ApiDateTime()
  lastEventAt: string;

  @ApiDateTimeOrNull('When the route completed')
  completedAt: string | null;

  @ApiProperty({
    type: BurnInLocationView,
    nullable: true,
    description:
      'The burn-in position held, from started at a dwell stage until it passes, is scrapped or starts elsewhere',
  })
  location: BurnInLocationView | null;

  @ApiProperty({
    type: SoakView,
    nullable: true,
    description: 'The run at a stage with a dwell; null elsewhere',
  })
  soak: SoakView | null;

  @ApiProperty({
    type: HoldReasonView,
    nullable: true,
    description: 'Why the rack is on hold; null when it is not',
  })
  holdReason: HoldReasonView | null;
}

export class RackSummaryView extends RackCurrentView {
  @ApiProperty({ example: 'RK-2026-000123' })
  serial: string;
}

export class RackStateView extends RackCurrentView {
  /** The route snapshotted when the rack started; later route edits do not change it. */
  @ApiProperty({ type: [String], description: 'The route snapshotted when the rack started' })
  route: string[];

  @ApiProperty(COUNTS)
  requiredSlots: Record<string, number>;

  @ApiProperty(COUNTS)
  slotCounts: Record<string, number>;
}

/** One entry of a rack's timeline. */
export class RackHistoryView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'passed' })
  eventType: string;

  @ApiProperty()
  stage: string;

  @ApiProperty()
  stationId: string;

  @ApiProperty({ type: PositionView, nullable: true, description: 'null for the first event of a rack' })
  from: PositionView | null;

  @ApiProperty({ type: PositionView })
  to: PositionView;

  @ApiDateTime("The terminal's clock")
  occurredAt: string;

  @ApiDateTime('When the tracker applied it')
  recordedAt: string;

  @ApiProperty({ type: BurnInLocationView, nullable: true, description: 'The position a burn-in start took' })
  location: BurnInLocationView | null;

  @ApiProperty({ type: String, nullable: true, description: 'What a hold or release said about why' })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true })
  reasonCode: string | null;
}

/** What the line was told to do about one failure code the rack reported. */
export class FailureDispositionView {
  @ApiProperty({ format: 'uuid', description: 'The failed event' })
  eventId: string;

  @ApiProperty()
  stage: string;

  @ApiProperty()
  stationId: string;

  @ApiProperty({ example: 'XID-79' })
  code: string;

  @ApiProperty({ type: String, nullable: true, description: 'The part the failure names' })
  componentSerial: string | null;

  @ApiProperty({ type: String, nullable: true })
  partNumber: string | null;

  @ApiProperty({ type: String, nullable: true })
  supplierId: string | null;

  @ApiProperty({ type: String, nullable: true })
  lot: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The tester's own words" })
  message: string | null;

  @ApiProperty({ enum: DISPOSITION_ACTIONS })
  action: string;

  @ApiProperty({ description: 'Which occurrence of the code on the part (or rack) within the row’s window' })
  occurrence: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The table row that decided; null for an unknown code',
  })
  rulePattern: string | null;

  @ApiProperty({ description: 'Why, with the row and the table version' })
  why: string;

  @ApiProperty({ description: 'The disposition table version in force (0: the shipped one)' })
  tableVersion: number;

  @ApiDateTime()
  occurredAt: string;
}

/** A rack page shows its latest measurements; a component's page and the Pareto go further back. */
export const RACK_DETAIL_MEASUREMENTS = 200;

/** Time the rack spent in one (stage, status), over every visit; the current visit counts up to the answer's time. */
export class TimeInStateView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiProperty({
    example: 259200,
    description: 'Whole seconds; a shipped or scrapped rack stops counting when it leaves the line',
  })
  seconds: number;

  @ApiProperty({ example: 1, description: 'Times the rack entered this state' })
  visits: number;
}

/** A measurement a station took, against its limits. */
export class RackMeasurementView {
  @ApiProperty({ format: 'uuid', description: 'The event that carried it' })
  eventId: string;

  @ApiDateTime("The terminal's clock")
  occurredAt: string;

  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ example: 'gpu_temp_max' })
  name: string;

  @ApiProperty({ example: 97.5 })
  value: number;

  @ApiProperty({ example: 'C' })
  unit: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Lower limit (inclusive); null: none' })
  low: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Upper limit (inclusive); null: none' })
  high: number | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Within its limits; null when it has none (taken for the record)',
  })
  withinLimits: boolean | null;
}

/** A code a failed event reported. */
export class FailureCodeView {
  @ApiProperty({ example: 'XID-79' })
  code: string;

  @ApiProperty({ type: String, nullable: true, description: 'The part the code names; null: the rack' })
  componentSerial: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The tester's own words" })
  message: string | null;
}

/** One failed test of the rack. */
export class RackFailureView {
  @ApiProperty({ format: 'uuid', description: 'The `failed` event' })
  eventId: string;

  @ApiDateTime("The terminal's clock")
  occurredAt: string;

  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ example: 'BURN-03' })
  stationId: string;

  @ApiProperty({ type: [FailureCodeView], description: 'In the order reported; empty when it gave none' })
  codes: FailureCodeView[];

  @ApiProperty({ type: [RackMeasurementView], description: 'What the failing test measured' })
  measurements: RackMeasurementView[];
}

/** One run at a stage with a dwell (burn-in): where it soaked, how long, and how it ended. */
export class BurnInRunView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiDateTime()
  startedAt: string;

  @ApiDateTimeOrNull('When it passed, failed or was abandoned; null while it runs')
  endedAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BI-A1',
    description: 'null: started without a position',
  })
  cell: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 12 })
  position: number | null;

  @ApiProperty({
    enum: BURN_IN_RUN_OUTCOMES,
    description: 'aborted: the rack was scrapped or moved on without a pass or failure',
  })
  outcome: string;

  @ApiProperty({ description: 'A run after rework, held to the retest minimum' })
  retest: boolean;

  @ApiProperty({ example: 70.5, description: 'Hours in progress, holds not counted (to now while running)' })
  soakedHours: number;

  @ApiProperty({ example: 72 })
  requiredHours: number;
}

export class PassportLinkView {
  @ApiProperty({ description: 'A signed passport exists (the rack has shipped and it was sealed)' })
  available: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '/v1/racks/RK-2026-000123/passport',
    description: 'Where to download it; null when there is none',
  })
  href: string | null;
}

export class RackDetailView {
  @ApiProperty()
  serial: string;

  @ApiProperty({
    type: RackStateView,
    nullable: true,
    description: 'null when the rack never started but events for it were refused',
  })
  state: RackStateView | null;

  @ApiProperty({ type: [RackHistoryView], description: 'The timeline, oldest first in Kafka order' })
  history: RackHistoryView[];

  @ApiProperty({ type: [RackRejectionView], description: 'The latest 100 refused events, oldest first' })
  rejections: RackRejectionView[];

  @ApiProperty({
    type: [FailureDispositionView],
    description: 'Failure codes and their dispositions, the latest 100, oldest first',
  })
  dispositions: FailureDispositionView[];

  @ApiProperty({
    example: 'Europe/Berlin',
    description: "The IANA time zone of the rack's site (its shift calendar's); UTC for a site without one",
  })
  timeZone: string;

  @ApiProperty({
    type: [TimeInStateView],
    description: 'Each (stage, status) entered, in the order first entered',
  })
  timeInStates: TimeInStateView[];

  @ApiProperty({
    type: RackComponentsView,
    description: 'The as-built tree now, as GET /v1/racks/{serial}/components answers it',
  })
  components: RackComponentsView;

  @ApiProperty({ type: [RackFailureView], description: 'Every failed test, oldest first (Kafka order)' })
  failures: RackFailureView[];

  @ApiProperty({
    type: [RackMeasurementView],
    description: `The latest ${RACK_DETAIL_MEASUREMENTS} measurements, oldest first`,
  })
  measurements: RackMeasurementView[];

  @ApiProperty({ type: [BurnInRunView], description: 'Every burn-in run, oldest first' })
  burnInRuns: BurnInRunView[];

  @ApiProperty({ type: PassportLinkView })
  passport: PassportLinkView;
}

// Both halves or neither: a half-set pair would be a tracker bug, and showing no position beats a wrong one.
function position(stage: string | null, status: string | null): PositionView | null {
  return stage !== null && status !== null ? { stage, status } : null;
}

function location(cell: string | null, position: number | null): BurnInLocationView | null {
  return cell !== null && position !== null ? { cell, position } : null;
}

function soak(rack: RackRecord, at: Date): SoakView | null {
  const dwell = rack.dwell[rack.stage];
  if (rack.soakStartedAt === null || dwell === undefined) return null;
  const clock = {
    stage: rack.stage,
    startedAt: rack.soakStartedAt,
    heldMs: Number(rack.soakHeldMs),
    holdStartedAt: rack.holdStartedAt,
    retest: rack.soakRetest,
  };
  const status = soakStatus(clock, dwell, at);
  return {
    stage: rack.stage,
    startedAt: rack.soakStartedAt.toISOString(),
    retest: rack.soakRetest,
    soakedHours: status.soakedHours,
    requiredHours: status.requiredHours,
    remainingHours: status.remainingHours,
    dueAt: status.dueAt.toISOString(),
    overrunAt: status.overrunAt?.toISOString() ?? null,
    onHold: status.onHold,
  };
}

/** `at`: the time soak figures are computed for (the answer's time). */
export function toRackSummaryView(rack: RackRecord, at: Date): RackSummaryView {
  return { serial: rack.serial, ...currentPosition(rack, at) };
}

export function toRackStateView(rack: RackRecord, at: Date): RackStateView {
  return {
    ...currentPosition(rack, at),
    route: rack.route,
    requiredSlots: rack.requiredSlots,
    slotCounts: rack.slotCounts,
  };
}

function currentPosition(rack: RackRecord, at: Date): Plain<RackCurrentView> {
  return {
    model: rack.model,
    siteId: rack.siteId,
    lineId: rack.lineId,
    stage: rack.stage,
    status: rack.status,
    held: position(rack.heldStage, rack.heldStatus),
    reworkCount: rack.reworkCount,
    failureCount: rack.failureCount,
    startedAt: rack.startedAt.toISOString(),
    stateEnteredAt: rack.stateEnteredAt.toISOString(),
    lastEventAt: rack.lastEventAt.toISOString(),
    completedAt: rack.completedAt?.toISOString() ?? null,
    location: location(rack.locationCell, rack.locationPosition),
    soak: soak(rack, at),
    holdReason:
      rack.status === 'on_hold' ? { reason: rack.holdReason, reasonCode: rack.holdReasonCode } : null,
  };
}

export function toRackHistoryView(transition: RackHistoryRecord): RackHistoryView {
  return {
    eventId: transition.eventId,
    eventType: transition.eventType,
    stage: transition.stage,
    stationId: transition.stationId,
    from: position(transition.fromStage, transition.fromStatus),
    to: { stage: transition.toStage, status: transition.toStatus },
    occurredAt: transition.occurredAt.toISOString(),
    recordedAt: transition.recordedAt.toISOString(),
    location: location(transition.locationCell, transition.locationPosition),
    reason: transition.reason,
    reasonCode: transition.reasonCode,
  };
}

export function toFailureDispositionView(stored: StoredFailureDisposition): FailureDispositionView {
  return { ...stored, occurredAt: stored.occurredAt.toISOString() };
}

export function toTimeInStateView(entry: TimeInState): TimeInStateView {
  return { ...entry };
}

export function toRackMeasurementView(measurement: RackMeasurementRecord): RackMeasurementView {
  return {
    eventId: measurement.eventId,
    occurredAt: new Date(measurement.occurredAt).toISOString(),
    stage: measurement.stage,
    name: measurement.name,
    value: measurement.value,
    unit: measurement.unit,
    low: measurement.low,
    high: measurement.high,
    withinLimits: withinLimits(measurement),
  };
}

export function toRackFailureView(failure: RackFailureRecord): RackFailureView {
  return {
    eventId: failure.eventId,
    occurredAt: failure.occurredAt.toISOString(),
    stage: failure.stage,
    stationId: failure.stationId,
    codes: failure.codes.map((code) => ({ ...code })),
    measurements: failure.measurements.map(toRackMeasurementView),
  };
}

export function toBurnInRunView(run: BurnInRun): BurnInRunView {
  return {
    stage: run.stage,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt?.toISOString() ?? null,
    cell: run.cell,
    position: run.position,
    outcome: run.outcome,
    retest: run.retest,
    soakedHours: run.soakedHours,
    requiredHours: run.requiredHours,
  };
}

export function toPassportLinkView(serial: string, available: boolean): PassportLinkView {
  return {
    available,
    href: available ? `/v1/racks/${encodeURIComponent(serial)}/passport` : null,
  };
}
