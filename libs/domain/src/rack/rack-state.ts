import type { BurnInLocation } from '../burn-in/burn-in-location.js';
import type { SoakClock } from '../burn-in/soak-clock.js';
import type { RackRoute } from './rack-route.js';
import type { ComponentKind, RackStatus } from './rack-vocabulary.js';

export interface RackPosition {
  readonly stage: string;
  readonly status: RackStatus;
}

export interface RackState {
  readonly serial: string;
  readonly model: string;
  // Snapshot taken when the rack was created: changing a model's route must not strand racks mid-line.
  readonly route: RackRoute;
  readonly stage: string;
  readonly status: RackStatus;
  // The position to return to on release; set only while on_hold.
  readonly held: RackPosition | null;
  readonly reworkCount: number;
  readonly failureCount: number;
  // Components currently installed, per kind; kinds with none are absent.
  readonly slotCounts: Readonly<Partial<Record<ComponentKind, number>>>;
  readonly stateEnteredAt: Date;
  readonly lastEventAt: Date;
  // The burn-in position held from `started` at a dwell stage until the rack passes, is scrapped or starts elsewhere.
  readonly location: BurnInLocation | null;
  // The current run at a dwell stage: from its `started` until it passes, fails or is scrapped; null elsewhere.
  readonly soak: SoakClock | null;
  // Why the rack is on hold, as the hold event said; null when not on hold.
  readonly holdReason: HoldReason | null;
}

export interface HoldReason {
  readonly reason: string | null;
  readonly reasonCode: string | null;
}

export function positionOf(rack: Pick<RackState, 'stage' | 'status'>): RackPosition {
  return { stage: rack.stage, status: rack.status };
}

export function samePosition(left: RackPosition, right: RackPosition): boolean {
  return left.stage === right.stage && left.status === right.status;
}

export function formatPosition(position: RackPosition): string {
  return `(${position.stage}, ${position.status})`;
}
