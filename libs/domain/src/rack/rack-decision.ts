import type { BurnInLocation } from '../burn-in/burn-in-location.js';
import type { FailureDisposition } from '../disposition/failure-disposition.js';
import type { InstalledComponent } from './component-locator.js';
import type { EvaluatedMeasurement } from './measurement-evaluation.js';
import type { RackPosition, RackState } from './rack-state.js';
import type { RejectionReason, StationEventType } from './rack-vocabulary.js';

export interface RackTransition {
  readonly rackSerial: string;
  readonly eventId: string;
  readonly eventType: StationEventType;
  readonly stage: string;
  // null when the event created the rack.
  readonly from: RackPosition | null;
  // Equal to `from` for genealogy events, which change the as-built tree but not the position.
  readonly to: RackPosition;
  readonly occurredAt: Date;
  // The position a `started` at a dwell stage took.
  readonly location?: BurnInLocation;
  // What a hold or release said about why.
  readonly reason?: string;
  readonly reasonCode?: string;
}

export interface AcceptedRackDecision {
  readonly outcome: 'accepted';
  readonly rack: RackState;
  readonly transition: RackTransition;
  readonly installed: InstalledComponent[];
  readonly removed: InstalledComponent[];
  readonly measurements: EvaluatedMeasurement[];
  // What the line must do about each failure a `failed` event reported; empty for every other event.
  readonly dispositions: FailureDisposition[];
}

export interface RejectedRackDecision {
  readonly outcome: 'rejected';
  readonly reason: RejectionReason;
  // For people reading the rejection list: names the offending value and what was expected.
  readonly detail: string;
}

export type RackDecision = AcceptedRackDecision | RejectedRackDecision;

export function rejected(reason: RejectionReason, detail: string): RejectedRackDecision {
  return { outcome: 'rejected', reason, detail };
}

export function isAccepted(decision: RackDecision): decision is AcceptedRackDecision {
  return decision.outcome === 'accepted';
}
