import type { RackPosition, StationEventType } from '#domain';

export const RACK_TRANSITION_SCHEMA_VERSION = 1;

/**
 * Value of a `rack-transitions` message (key = rackSerial). Relayed at least once from the outbox;
 * `eventId` is unique per transition, so consumers deduplicate on it.
 */
export interface RackTransitionMessage {
  schemaVersion: typeof RACK_TRANSITION_SCHEMA_VERSION;
  eventId: string;
  rackSerial: string;
  model: string;
  siteId: string;
  lineId: string;
  stationId: string;
  eventType: StationEventType;
  stage: string;
  from: RackPosition | null;
  to: RackPosition;
  occurredAt: string;
  reworkCount: number;
}
