import type { Queryable } from './queryable.js';

/** A site's stored target and calendar, shaped for the domain's ShiftCalendar. */
export interface StoredSiteTarget {
  siteId: string;
  weeklyTarget: number;
  timeZone: string;
  weekStartsOn: string;
  shifts: Record<string, { start: string; end: string }[]>;
  holidays: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type SiteTargetRow = Omit<StoredSiteTarget, 'createdAt' | 'updatedAt'>;

export interface StoredTargetRevision {
  weeklyTarget: number;
  effectiveFrom: Date;
}

export interface StoredRuleOverrides {
  siteId: string;
  overrides: Record<string, unknown>;
  updatedAt: Date;
}

const TARGET_COLUMNS = `site_id AS "siteId", weekly_target AS "weeklyTarget", time_zone AS "timeZone",
  week_starts_on AS "weekStartsOn", shifts, holidays, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Advisory lock key serialising target changes of one database (any constant, the same everywhere). */
const TARGET_WRITE_LOCK = 0x73_69_74_65;

/** SQL for a site's settings: `site_target`, its `site_target_revision` history and `site_alert_rules`. */
export class SiteTargetRepository {
  constructor(private readonly db: Queryable) {}

  async find(siteId: string): Promise<StoredSiteTarget | null> {
    const rows = await this.db.query<StoredSiteTarget[]>(
      `SELECT ${TARGET_COLUMNS} FROM site_target WHERE site_id = $1`,
      [siteId],
    );
    return rows[0] ?? null;
  }

  /** Waits for any other writer of site settings; released at the end of the caller's transaction. */
  async lockForWrite(): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock($1)', [TARGET_WRITE_LOCK]);
  }

  async upsert(row: SiteTargetRow, now: Date): Promise<StoredSiteTarget> {
    const rows = await this.db.query<StoredSiteTarget[]>(
      `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7, $7)
       ON CONFLICT (site_id) DO UPDATE
         SET weekly_target = EXCLUDED.weekly_target, time_zone = EXCLUDED.time_zone, week_starts_on = EXCLUDED.week_starts_on,
             shifts = EXCLUDED.shifts, holidays = EXCLUDED.holidays, updated_at = EXCLUDED.updated_at
       RETURNING ${TARGET_COLUMNS}`,
      [
        row.siteId,
        row.weeklyTarget,
        row.timeZone,
        row.weekStartsOn,
        JSON.stringify(row.shifts),
        row.holidays,
        now,
      ],
    );
    return rows[0];
  }

  async findRevisions(siteId: string): Promise<StoredTargetRevision[]> {
    return this.db.query<StoredTargetRevision[]>(
      `SELECT weekly_target AS "weeklyTarget", effective_from AS "effectiveFrom"
         FROM site_target_revision WHERE site_id = $1 ORDER BY effective_from, id`,
      [siteId],
    );
  }

  async insertRevision(siteId: string, weeklyTarget: number, effectiveFrom: Date): Promise<void> {
    await this.db.query(
      'INSERT INTO site_target_revision (site_id, weekly_target, effective_from) VALUES ($1, $2, $3)',
      [siteId, weeklyTarget, effectiveFrom],
    );
  }

  async findRuleOverrides(siteId: string): Promise<StoredRuleOverrides | null> {
    const rows = await this.db.query<StoredRuleOverrides[]>(
      `SELECT site_id AS "siteId", overrides, updated_at AS "updatedAt" FROM site_alert_rules WHERE site_id = $1`,
      [siteId],
    );
    return rows[0] ?? null;
  }

  async upsertRuleOverrides(siteId: string, overrides: object, now: Date): Promise<StoredRuleOverrides> {
    const rows = await this.db.query<StoredRuleOverrides[]>(
      `INSERT INTO site_alert_rules (site_id, overrides, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (site_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_at = EXCLUDED.updated_at
       RETURNING site_id AS "siteId", overrides, updated_at AS "updatedAt"`,
      [siteId, JSON.stringify(overrides), now],
    );
    return rows[0];
  }

  /** Changes whenever any site's target, calendar or rules change: cheap to poll for "did anything change?". */
  async settingsVersion(): Promise<string> {
    const [row] = await this.db.query<{ version: string }[]>(
      `SELECT concat_ws('/', (SELECT max(updated_at) FROM site_target), (SELECT count(*) FROM site_target_revision),
                             (SELECT max(updated_at) FROM site_alert_rules), (SELECT count(*) FROM site_alert_rules)) AS version`,
    );
    return row.version;
  }

  /** Sites with settings, and sites that have racks (which run on the defaults until configured). */
  async listSiteIds(): Promise<string[]> {
    const rows = await this.db.query<{ siteId: string }[]>(
      `SELECT site_id AS "siteId" FROM site_target
       UNION
       SELECT site_id FROM (SELECT DISTINCT site_id FROM rack) AS racked
       ORDER BY 1`,
    );
    return rows.map((row) => row.siteId);
  }
}
