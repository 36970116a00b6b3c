import type { Queryable } from './queryable.js';

export interface StoredWebhook {
  id: string;
  name: string;
  /** Secret-bearing: never log it, never return it whole. */
  url: string;
  kind: string;
  secret: string | null;
  siteIds: string[];
  minSeverity: string;
  createdAt: Date;
  deletedAt: Date | null;
}

export type NewWebhookRow = Omit<StoredWebhook, 'createdAt' | 'deletedAt'>;

const COLUMNS = `id, name, url, kind, secret, site_ids AS "siteIds", min_severity AS "minSeverity", created_at AS "createdAt",
  deleted_at AS "deletedAt"`;

/** SQL for `webhook`. Deleting keeps the row (marked), so delivery history still names its webhook. */
export class WebhookRepository {
  constructor(private readonly db: Queryable) {}

  async insert(row: NewWebhookRow, now: Date): Promise<StoredWebhook> {
    const [inserted] = await this.db.query<StoredWebhook[]>(
      `INSERT INTO webhook (id, name, url, kind, secret, site_ids, min_severity, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8) RETURNING ${COLUMNS}`,
      [row.id, row.name, row.url, row.kind, row.secret, row.siteIds, row.minSeverity, now],
    );
    return inserted;
  }

  async findActive(): Promise<StoredWebhook[]> {
    return this.db.query<StoredWebhook[]>(
      `SELECT ${COLUMNS} FROM webhook WHERE deleted_at IS NULL ORDER BY created_at, id`,
    );
  }

  async findActiveById(id: string): Promise<StoredWebhook | null> {
    const rows = await this.db.query<StoredWebhook[]>(
      `SELECT ${COLUMNS} FROM webhook WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Marks the webhook deleted; false when there was no active webhook with the id. */
  async markDeleted(id: string, now: Date): Promise<boolean> {
    // Wrapped in a SELECT so every driver answers with plain rows, whatever it does with UPDATE results.
    const [row] = await this.db.query<{ count: number }[]>(
      `WITH deleted AS (UPDATE webhook SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id)
       SELECT count(*)::int AS count FROM deleted`,
      [id, now],
    );
    return row.count > 0;
  }
}
