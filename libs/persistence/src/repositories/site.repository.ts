import type { Queryable } from './queryable.js';

/** A site as the pickers list it: settings or racks make a site; archiving hides it. */
export interface StoredSite {
  siteId: string;
  /** The configured zone; null while the site runs on the defaults (UTC). */
  timeZone: string | null;
  archived: boolean;
  /** Transitions recorded at the site since the `since` asked for. */
  activity: number;
}

export interface StoredSiteArchive {
  siteId: string;
  archivedAt: Date;
  archivedBy: string;
}

/** Counts of what happened at a site within a time window, for a shift's hand-over. */
export interface StoredHandoverCounts {
  shipped: number;
  failed: number;
  held: number;
  released: number;
  scrapped: number;
}

/** A transition of a site, as the live stream's `transition` event carries it. */
export interface StoredSiteTransition {
  eventId: string;
  rackSerial: string;
  siteId: string;
  eventType: string;
  stage: string;
  stationId: string;
  from: { stage: string; status: string } | null;
  to: { stage: string; status: string };
  occurredAt: Date;
}

/** SQL for sites as a whole: which exist, how busy they are, which are archived (`site_archive`). */
export class SiteRepository {
  constructor(private readonly db: Queryable) {}

  /** Every site (with settings, or with racks), archived or not, with its activity since `since`. */
  async list(since: Date): Promise<StoredSite[]> {
    const rows = await this.db.query<(Omit<StoredSite, 'activity'> & { activity: string })[]>(
      `WITH ids AS (
         SELECT site_id FROM site_target
         UNION
         SELECT site_id FROM (SELECT DISTINCT site_id FROM rack) AS racked
       )
       SELECT ids.site_id AS "siteId", target.time_zone AS "timeZone", (archive.site_id IS NOT NULL) AS archived,
              (SELECT count(*) FROM rack_transition AS t WHERE t.site_id = ids.site_id AND t.occurred_at >= $1) AS activity
         FROM ids
         LEFT JOIN site_target AS target ON target.site_id = ids.site_id
         LEFT JOIN site_archive AS archive ON archive.site_id = ids.site_id
        ORDER BY ids.site_id`,
      [since],
    );
    return rows.map((row) => ({ ...row, activity: Number(row.activity) }));
  }

  async findArchive(siteId: string): Promise<StoredSiteArchive | null> {
    const rows = await this.db.query<StoredSiteArchive[]>(
      `SELECT site_id AS "siteId", archived_at AS "archivedAt", archived_by AS "archivedBy"
         FROM site_archive WHERE site_id = $1`,
      [siteId],
    );
    return rows[0] ?? null;
  }

  /** Archives the site; archiving an archived site keeps its first archiving. */
  async archive(siteId: string, archivedBy: string, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO site_archive (site_id, archived_at, archived_by) VALUES ($1, $2, $3) ON CONFLICT (site_id) DO NOTHING`,
      [siteId, now, archivedBy],
    );
  }

  async unarchive(siteId: string): Promise<void> {
    await this.db.query('DELETE FROM site_archive WHERE site_id = $1', [siteId]);
  }

  /**
   * Transitions at the site within [from, to): racks shipped, failed, put on hold, released from hold, scrapped.
   * A repeat into the same status (a component installed while in progress) is not a change and is not counted.
   */
  async handoverCounts(siteId: string, from: Date, to: Date): Promise<StoredHandoverCounts> {
    const [row] = await this.db.query<Record<keyof StoredHandoverCounts, string>[]>(
      `SELECT count(*) FILTER (WHERE to_status = 'shipped') AS shipped,
              count(*) FILTER (WHERE to_status = 'failed') AS failed,
              count(*) FILTER (WHERE to_status = 'on_hold') AS held,
              count(*) FILTER (WHERE from_status = 'on_hold' AND to_status <> 'scrapped') AS released,
              count(*) FILTER (WHERE to_status = 'scrapped') AS scrapped
         FROM rack_transition
        WHERE site_id = $1 AND occurred_at >= $2 AND occurred_at < $3
          AND (from_status IS DISTINCT FROM to_status OR from_stage IS DISTINCT FROM to_stage)`,
      [siteId, from, to],
    );
    return {
      shipped: Number(row?.shipped ?? 0),
      failed: Number(row?.failed ?? 0),
      held: Number(row?.held ?? 0),
      released: Number(row?.released ?? 0),
      scrapped: Number(row?.scrapped ?? 0),
    };
  }

  /** The site's latest transitions, newest first (the (site_id, occurred_at) index serves it). */
  async recentTransitions(siteId: string, limit: number): Promise<StoredSiteTransition[]> {
    const rows = await this.db.query<
      (Omit<StoredSiteTransition, 'from' | 'to'> & {
        fromStage: string | null;
        fromStatus: string | null;
        toStage: string;
        toStatus: string;
      })[]
    >(
      `SELECT event_id AS "eventId", rack_serial AS "rackSerial", site_id AS "siteId", event_type AS "eventType", stage,
              station_id AS "stationId", from_stage AS "fromStage", from_status AS "fromStatus", to_stage AS "toStage",
              to_status AS "toStatus", occurred_at AS "occurredAt"
         FROM rack_transition WHERE site_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      [siteId, limit],
    );
    return rows.map(({ fromStage, fromStatus, toStage, toStatus, ...row }) => ({
      ...row,
      from: fromStage !== null && fromStatus !== null ? { stage: fromStage, status: fromStatus } : null,
      to: { stage: toStage, status: toStatus },
    }));
  }
}
