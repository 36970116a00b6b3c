import type { SourcingCount } from '#domain';
import type { Queryable } from './queryable.js';

/** Parts of one kind from one supplier country in one rack; `country` is null for unregistered suppliers. */
export type SourcingCountRecord = SourcingCount;

export interface SourcingWindow {
  siteId?: string;
  from: Date;
  to: Date;
}

/** Read side of where installed parts come from, for the domestic-sourcing share. */
export class SourcingReadRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Parts installed in the window and still in place at its end, per rack, kind and supplier country. Only
   * racks on the line during the window can have received parts in it (installs happen before completion),
   * which lets the rack table narrow the search before the (rack_serial, installed_at) index is used.
   */
  async countsByRack(window: SourcingWindow): Promise<SourcingCountRecord[]> {
    const values: unknown[] = [window.from, window.to];
    const site = window.siteId === undefined ? '' : `AND r.site_id = $${values.push(window.siteId)}`;
    return this.db.query<SourcingCountRecord[]>(
      `SELECT c.rack_serial AS "rackSerial", r.site_id AS "siteId", c.kind, s.country, count(*)::int AS parts
         FROM rack r
         JOIN component_install c ON c.rack_serial = r.serial
         LEFT JOIN supplier s ON s.supplier_id = c.supplier_id
        WHERE r.started_at < $2 AND (r.completed_at IS NULL OR r.completed_at >= $1) ${site}
          AND c.installed_at >= $1 AND c.installed_at < $2
          AND (c.removed_at IS NULL OR c.removed_at >= $2)
        GROUP BY c.rack_serial, r.site_id, c.kind, s.country
        ORDER BY c.rack_serial, c.kind, s.country`,
      values,
    );
  }
}
