import type { StationRecord } from '#persistence';

/** A station as the admin API shows it: never its token or the token's hash. */
export interface StationView {
  stationId: string;
  stage: string;
  role: string;
  siteId: string;
  lineId: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Who the station is, where it works and in which role: what an event it posts carries of it (with the role
 * checked) and what the admin API shows first.
 */
export function stationFields<Role extends string>(record: StationRecord, role: Role) {
  return {
    stationId: record.stationId,
    stage: record.stage,
    role,
    siteId: record.siteId,
    lineId: record.lineId,
  };
}

export function toStationView(record: StationRecord): StationView {
  return {
    ...stationFields(record, record.role),
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt ? record.revokedAt.toISOString() : null,
  };
}
