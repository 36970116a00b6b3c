import type { Queryable } from './queryable.js';

/** A station as stored, minus its token hash: nothing outside this file ever needs the hash back. */
export interface StationRecord {
  stationId: string;
  stage: string;
  role: string;
  siteId: string;
  lineId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewStationRow {
  stationId: string;
  stage: string;
  role: string;
  siteId: string;
  lineId: string;
  tokenHash: string;
}

interface StationRow {
  station_id: string;
  stage: string;
  role: string;
  site_id: string;
  line_id: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'station_id, stage, role, site_id, line_id, created_at, revoked_at';

function toRecord(row: StationRow): StationRecord {
  return {
    stationId: row.station_id,
    stage: row.stage,
    role: row.role,
    siteId: row.site_id,
    lineId: row.line_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * SQL for the `station` table. Give it a transaction's EntityManager to change a
 * station together with its audit entry.
 */
export class StationRepository {
  constructor(private readonly dataSource: Queryable) {}

  async findActiveByTokenHash(tokenHash: string): Promise<StationRecord | null> {
    const rows = await this.dataSource.query<StationRow[]>(
      `SELECT ${COLUMNS} FROM station WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  async findById(stationId: string): Promise<StationRecord | null> {
    const rows = await this.dataSource.query<StationRow[]>(
      `SELECT ${COLUMNS} FROM station WHERE station_id = $1`,
      [stationId],
    );
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  async list(): Promise<StationRecord[]> {
    const rows = await this.dataSource.query<StationRow[]>(
      `SELECT ${COLUMNS} FROM station ORDER BY station_id`,
    );
    return rows.map(toRecord);
  }

  /**
   * Inserts the station, or replaces a revoked row with the same id, in one statement so that two
   * concurrent registrations cannot both succeed. Returns null when an active station holds the id.
   */
  async insertUnlessActive(row: NewStationRow): Promise<StationRecord | null> {
    const rows = await this.dataSource.query<StationRow[]>(
      `INSERT INTO station AS existing (station_id, stage, role, site_id, line_id, token_hash)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (station_id) DO UPDATE
         SET stage = EXCLUDED.stage, role = EXCLUDED.role, site_id = EXCLUDED.site_id, line_id = EXCLUDED.line_id,
             token_hash = EXCLUDED.token_hash, created_at = now(), revoked_at = NULL
         WHERE existing.revoked_at IS NOT NULL
       RETURNING ${COLUMNS}`,
      [row.stationId, row.stage, row.role, row.siteId, row.lineId, row.tokenHash],
    );
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  /** Sets revoked_at, keeping the first revocation time. Returns false when no station has the id. */
  async revoke(stationId: string): Promise<boolean> {
    // For UPDATE, TypeORM's Postgres driver answers [rows, affected count].
    const [, affected] = (await this.dataSource.query<unknown>(
      'UPDATE station SET revoked_at = COALESCE(revoked_at, now()) WHERE station_id = $1',
      [stationId],
    )) as [unknown[], number];
    return affected > 0;
  }
}
