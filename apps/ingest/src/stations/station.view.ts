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

export function toStationView(record: StationRecord): StationView {
  return {
    stationId: record.stationId,
    stage: record.stage,
    role: record.role,
    siteId: record.siteId,
    lineId: record.lineId,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt ? record.revokedAt.toISOString() : null,
  };
}
