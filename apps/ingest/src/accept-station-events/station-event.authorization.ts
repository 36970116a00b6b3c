import type { StationStamp } from '#contracts';
import { refuseStationAuthority, type StationAuthorityQuestion, type StationAuthorityRefusal } from '#domain';

/**
 * May this station post this event? The rule is the domain's (the tracker applies it again to the stamp);
 * ingest only words the identity case from the terminal's side, since the terminal authenticated as itself.
 */
export function refuseUnauthorisedEvent(
  station: StationStamp,
  event: StationAuthorityQuestion,
): StationAuthorityRefusal | null {
  const refusal = refuseStationAuthority(station, event);
  if (refusal?.field !== 'stationId') return refusal;
  return {
    field: 'stationId',
    reason: `authenticated as station ${station.stationId}, cannot post for station ${event.stationId}`,
  };
}
