import { ApiProperty } from '@nestjs/swagger';
import { RACK_STATUSES } from '#domain';
import type { RackHistoryRecord, RackRecord } from '#persistence';
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
}

// Both halves or neither: a half-set pair would be a tracker bug, and showing no position beats a wrong one.
function position(stage: string | null, status: string | null): PositionView | null {
  return stage !== null && status !== null ? { stage, status } : null;
}

export function toRackSummaryView(rack: RackRecord): RackSummaryView {
  return { serial: rack.serial, ...currentPosition(rack) };
}

export function toRackStateView(rack: RackRecord): RackStateView {
  return {
    ...currentPosition(rack),
    route: rack.route,
    requiredSlots: rack.requiredSlots,
    slotCounts: rack.slotCounts,
  };
}

function currentPosition(rack: RackRecord): Plain<RackCurrentView> {
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
  };
}
