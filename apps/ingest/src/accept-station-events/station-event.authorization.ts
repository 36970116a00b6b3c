import type { StationStamp } from '#contracts';
import { isSupervisorEventType, SUPERVISOR_EVENT_TYPES, type StationEventType } from '#domain';

export interface EventAuthorityQuestion {
  stationId: string;
  stage: string;
  type: StationEventType;
}

export interface AuthorityRefusal {
  /** The field of the event that is wrong for this station. */
  field: 'stationId' | 'stage' | 'type';
  reason: string;
}

/**
 * May this station post this event? A station posts only as itself and only at its own stage; a supervisor
 * posts hold, release and scrap at any stage and nothing else. The tracker applies the same rule to the
 * stamp (docs/architecture.md); ingest checks it first so a terminal hears about the mistake synchronously.
 */
export function refuseUnauthorisedEvent(
  station: StationStamp,
  event: EventAuthorityQuestion,
): AuthorityRefusal | null {
  if (event.stationId !== station.stationId) {
    return {
      field: 'stationId',
      reason: `authenticated as station ${station.stationId}, cannot post for station ${event.stationId}`,
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
