import type { BurnInLocation } from '../burn-in/burn-in-location.js';
import type { FailureReport } from '../disposition/failure-report.js';
import type { ComponentKind, StationEventType, StationRole } from './rack-vocabulary.js';

export interface ComponentRef {
  readonly serial: string;
  // Required for installs; the contract layer checks presence, removals need only the serial.
  readonly partNumber?: string;
  readonly kind?: ComponentKind;
  readonly supplierId?: string;
  readonly lot?: string;
  readonly parentSerial?: string;
}

export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly low?: number;
  readonly high?: number;
}

export interface StationEvent {
  readonly eventId: string;
  readonly rackSerial: string;
  readonly stationId: string;
  readonly stage: string;
  readonly type: StationEventType;
  readonly occurredAt: Date;
  readonly operatorId?: string;
  readonly rackModel?: string;
  readonly components?: readonly ComponentRef[];
  readonly failedComponents?: readonly string[];
  // What a `failed` event says went wrong, by code; each is dispositioned by the table in force.
  readonly failures?: readonly FailureReport[];
  readonly measurements?: readonly Measurement[];
  // Where a rack starts a stage with a dwell.
  readonly location?: BurnInLocation;
  // Why a rack is held or released.
  readonly reason?: string;
  readonly reasonCode?: string;
}

// The station as registered when ingest accepted the event; a later re-registration must not
// change the verdict on an event already in Kafka.
export interface StationContext {
  readonly stationId: string;
  readonly stage: string;
  readonly role: StationRole;
}

export interface AcceptedStationEvent {
  readonly event: StationEvent;
  readonly station: StationContext;
  // When ingest accepted the event: the reference for clock skew, so replays decide the same way.
  readonly receivedAt: Date;
}
