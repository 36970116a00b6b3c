import { isSupervisorEventType, SUPERVISOR_EVENT_TYPES, type StationEventType } from './rack-vocabulary.js';
import type { StationContext } from './station-event.js';

/** The parts of an event that decide whether its station may post it. */
export interface StationAuthorityQuestion {
  readonly stationId: string;
  readonly stage: string;
  readonly type: StationEventType;
}

export interface StationAuthorityRefusal {
  /** The field of the event that is wrong for this station. */
  readonly field: 'stationId' | 'stage' | 'type';
  readonly reason: string;
}

/**
 * May this station post this event? A station posts only as itself and only at its own stage; a supervisor
 * posts hold, release and scrap at any stage and nothing else. Ingest asks first, so a terminal hears about
 * its mistake synchronously; the tracker asks again of the stamp the event carries, so an event that reached
 * Kafka some other way is refused the same.
 */
export function refuseStationAuthority(
  station: StationContext,
  event: StationAuthorityQuestion,
): StationAuthorityRefusal | null {
  if (event.stationId !== station.stationId) {
    return {
      field: 'stationId',
      reason: `event names station ${event.stationId} but was posted by station ${station.stationId}`,
    };
  }
  if (station.role === 'supervisor') {
    if (isSupervisorEventType(event.type)) return null;
    return {
      field: 'type',
      reason: `supervisor station ${station.stationId} may post only ${SUPERVISOR_EVENT_TYPES.join(', ')}, not ${event.type}`,
    };
  }
  if (event.stage !== station.stage) {
    return {
      field: 'stage',
      reason: `station ${station.stationId} serves stage ${station.stage}, not ${event.stage}`,
    };
  }
  return null;
}
