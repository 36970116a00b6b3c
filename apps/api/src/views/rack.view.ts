import type { RackHistoryRecord, RackRecord } from '#persistence';
import type { RackRejectionView } from './rejection.view.js';

export interface PositionView {
  stage: string;
  status: string;
}

export interface RackStateView {
  model: string;
  siteId: string;
  lineId: string;
  stage: string;
  status: string;
  held: PositionView | null;
  /** The route snapshotted when the rack started; later route edits do not change it. */
  route: string[];
  requiredSlots: Record<string, number>;
  reworkCount: number;
  failureCount: number;
  slotCounts: Record<string, number>;
  startedAt: string;
  stateEnteredAt: string;
  lastEventAt: string;
  completedAt: string | null;
}

export interface RackHistoryView {
  eventId: string;
  eventType: string;
  stage: string;
  stationId: string;
  from: PositionView | null;
  to: PositionView;
  occurredAt: string;
  recordedAt: string;
}

export interface RackDetailView {
  serial: string;
  /** null when the rack never started but events for it were refused. */
  state: RackStateView | null;
  history: RackHistoryView[];
  rejections: RackRejectionView[];
}

export interface RackSummaryView {
  serial: string;
  model: string;
  siteId: string;
  lineId: string;
  stage: string;
  status: string;
  held: PositionView | null;
  reworkCount: number;
  failureCount: number;
  startedAt: string;
  stateEnteredAt: string;
  lastEventAt: string;
  completedAt: string | null;
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

function currentPosition(rack: RackRecord): Omit<RackSummaryView, 'serial'> {
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
