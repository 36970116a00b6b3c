import type { BurnInCell } from '#domain';
import type { Queryable } from './queryable.js';

interface BurnInCellRow {
  site_id: string;
  cell_id: string;
  positions: number;
  kw_per_position: number;
  updated_at: Date;
}

/** A cell as kept in `burn_in_cell`, with when it last changed. */
export interface StoredBurnInCell {
  cell: BurnInCell;
  updatedAt: Date;
}

function toStored(row: BurnInCellRow): StoredBurnInCell {
  return {
    cell: {
      siteId: row.site_id,
      cellId: row.cell_id,
      positions: row.positions,
      kwPerPosition: row.kw_per_position,
    },
    updatedAt: row.updated_at,
  };
}

/** A site's burn-in cells: how many positions each has and what one running position draws. */
export class BurnInCellRepository {
  constructor(private readonly db: Queryable) {}

  async listForSite(siteId: string): Promise<StoredBurnInCell[]> {
    const rows = await this.db.query<BurnInCellRow[]>(
      'SELECT * FROM burn_in_cell WHERE site_id = $1 ORDER BY cell_id',
      [siteId],
    );
    return rows.map(toStored);
  }

  /**
   * One round trip for every site a tracker chunk starts burn-in runs at, the cells locked for share until the
   * chunk's transaction ends: an admin changing one of them (lockCell) waits for the starts decided on it to
   * commit, and then sees them. Read on the chunk's transaction.
   */
  async findBySitesForShare(siteIds: readonly string[]): Promise<BurnInCell[]> {
    if (siteIds.length === 0) return [];
    const rows = await this.db.query<BurnInCellRow[]>(
      'SELECT * FROM burn_in_cell WHERE site_id = ANY($1::text[]) ORDER BY site_id, cell_id FOR SHARE',
      [[...new Set(siteIds)]],
    );
    return rows.map((row) => toStored(row).cell);
  }

  /**
   * Locks a stored cell for the rest of the transaction, waiting for tracker chunks that started racks on it
   * (findBySitesForShare) to commit; in READ COMMITTED the queries after it see those racks.
   */
  async lockCell(siteId: string, cellId: string): Promise<void> {
    await this.db.query('SELECT 1 FROM burn_in_cell WHERE site_id = $1 AND cell_id = $2 FOR UPDATE', [
      siteId,
      cellId,
    ]);
  }

  async upsert(cell: BurnInCell): Promise<StoredBurnInCell> {
    const rows = await this.db.query<BurnInCellRow[]>(
      `INSERT INTO burn_in_cell (site_id, cell_id, positions, kw_per_position, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (site_id, cell_id) DO UPDATE SET positions = EXCLUDED.positions,
                                                   kw_per_position = EXCLUDED.kw_per_position, updated_at = now()
       RETURNING *`,
      [cell.siteId, cell.cellId, cell.positions, cell.kwPerPosition],
    );
    return toStored(rows[0]!);
  }

  /** Positions above `from` that racks hold now: a cell cannot shrink below them. */
  async occupiedFrom(
    siteId: string,
    cellId: string,
    from: number,
  ): Promise<{ position: number; rackSerial: string }[]> {
    const rows = await this.db.query<{ location_position: number; serial: string }[]>(
      `SELECT location_position, serial FROM rack
        WHERE site_id = $1 AND location_cell = $2 AND location_position > $3
        ORDER BY location_position`,
      [siteId, cellId, from],
    );
    return rows.map((row) => ({ position: row.location_position, rackSerial: row.serial }));
  }
}
