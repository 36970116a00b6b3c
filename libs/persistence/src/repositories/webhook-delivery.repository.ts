import { asJsonRows, type Queryable } from './queryable.js';

export interface NewDeliveryRow {
  webhookId: string;
  /** null for a test message. */
  alertEventId: string | null;
  noticeType: string;
  body: string;
}

/** A delivery claimed for one attempt, with what sending it needs from its webhook. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  alertEventId: string | null;
  noticeType: string;
  body: string;
  /** Including the attempt now being made. */
  attempts: number;
  url: string;
  kind: string;
  secret: string | null;
}

export interface StoredDelivery {
  id: string;
  webhookId: string;
  alertEventId: string | null;
  noticeType: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** What one attempt came to; `retry` keeps the delivery pending until `nextAttemptAt`. */
export type AttemptRecord =
  | { outcome: 'delivered'; statusCode: number; at: Date }
  | { outcome: 'retry'; statusCode: number | null; error: string; at: Date; nextAttemptAt: Date }
  | { outcome: 'failed'; statusCode: number | null; error: string; at: Date };

const DELIVERY_COLUMNS = `id, webhook_id AS "webhookId", alert_event_id AS "alertEventId", notice_type AS "noticeType", status, attempts,
  next_attempt_at AS "nextAttemptAt", last_attempt_at AS "lastAttemptAt", last_status_code AS "lastStatusCode",
  last_error AS "lastError", delivered_at AS "deliveredAt", created_at AS "createdAt"`;

/** SQL for the webhook outbox, `webhook_delivery`. */
export class WebhookDeliveryRepository {
  constructor(private readonly db: Queryable) {}

  /** Queues deliveries; one already queued for the same alert event and webhook is left as it is. */
  async enqueue(rows: readonly NewDeliveryRow[], now: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const [row] = await this.db.query<{ count: number }[]>(
      `WITH inserted AS (
         INSERT INTO webhook_delivery (webhook_id, alert_event_id, notice_type, body, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT r."webhookId", r."alertEventId", r."noticeType", r.body, 'pending', 0, $2, $2, $2
           FROM jsonb_to_recordset($1::jsonb) AS r("webhookId" uuid, "alertEventId" bigint, "noticeType" text, body text)
           JOIN webhook w ON w.id = r."webhookId" AND w.deleted_at IS NULL
         ON CONFLICT (alert_event_id, webhook_id) DO NOTHING
         RETURNING id
       ) SELECT count(*)::int AS count FROM inserted`,
      [asJsonRows(rows), now],
    );
    return row.count;
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: the attempt is counted and the delivery is
   * pushed to `leaseUntil` before anything is sent, so a sender that dies mid-request leaves it to be
   * retried after the lease rather than lost, and a second sender skips it rather than sending it again.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.query<ClaimedDelivery[]>(
      `WITH orphaned AS (
         -- Queued for a webhook deleted meanwhile: never sent, shown as cancelled.
         UPDATE webhook_delivery d SET status = 'cancelled', updated_at = $1
           FROM webhook w
          WHERE w.id = d.webhook_id AND w.deleted_at IS NOT NULL AND d.status = 'pending' AND d.next_attempt_at <= $1
       ), due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id AND w.deleted_at IS NULL
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at, d.id
          LIMIT $3
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_delivery d
            SET attempts = d.attempts + 1, next_attempt_at = $2, last_attempt_at = $1, updated_at = $1
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.webhook_id, d.alert_event_id, d.notice_type, d.body, d.attempts
       )
       SELECT c.id, c.webhook_id AS "webhookId", c.alert_event_id AS "alertEventId", c.notice_type AS "noticeType", c.body,
              c.attempts, w.url, w.kind, w.secret
         FROM claimed c JOIN webhook w ON w.id = c.webhook_id
        ORDER BY c.id`,
      [now, leaseUntil, limit],
    );
  }

  /** A delivery created already claimed, for a test message sent at once. */
  async insertClaimed(row: NewDeliveryRow, now: Date, leaseUntil: Date): Promise<string> {
    const [inserted] = await this.db.query<{ id: string }[]>(
      `INSERT INTO webhook_delivery (webhook_id, alert_event_id, notice_type, body, status, attempts, next_attempt_at,
                                     last_attempt_at, created_at, updated_at)
       VALUES ($1, $2::bigint, $3, $4, 'pending', 1, $6, $5, $5, $5) RETURNING id`,
      [row.webhookId, row.alertEventId, row.noticeType, row.body, now, leaseUntil],
    );
    return inserted.id;
  }

  /** Records an attempt's outcome, unless the delivery was cancelled meanwhile. */
  async recordAttempt(id: string, record: AttemptRecord): Promise<void> {
    switch (record.outcome) {
      case 'delivered':
        await this.db.query(
          `UPDATE webhook_delivery SET status = 'delivered', delivered_at = $2, last_status_code = $3, last_error = NULL, updated_at = $2
            WHERE id = $1::bigint AND status = 'pending'`,
          [id, record.at, record.statusCode],
        );
        return;
      case 'retry':
        await this.db.query(
          `UPDATE webhook_delivery SET next_attempt_at = $2, last_status_code = $3, last_error = $4, updated_at = $5
            WHERE id = $1::bigint AND status = 'pending'`,
          [id, record.nextAttemptAt, record.statusCode, record.error, record.at],
        );
        return;
      case 'failed':
        await this.db.query(
          `UPDATE webhook_delivery SET status = 'failed', last_status_code = $2, last_error = $3, updated_at = $4
            WHERE id = $1::bigint AND status = 'pending'`,
          [id, record.statusCode, record.error, record.at],
        );
        return;
    }
  }

  async cancelPendingForWebhook(webhookId: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE webhook_delivery SET status = 'cancelled', updated_at = $2 WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId, now],
    );
  }

  async findById(id: string): Promise<StoredDelivery | null> {
    const rows = await this.db.query<StoredDelivery[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery WHERE id = $1::bigint`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A webhook's most recent deliveries, newest first. */
  async listForWebhook(webhookId: string, limit: number): Promise<StoredDelivery[]> {
    return this.db.query<StoredDelivery[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2`,
      [webhookId, limit],
    );
  }

  async findByAlertEvents(alertEventIds: readonly string[]): Promise<StoredDelivery[]> {
    if (alertEventIds.length === 0) return [];
    return this.db.query<StoredDelivery[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery WHERE alert_event_id = ANY($1::bigint[]) ORDER BY alert_event_id, id`,
      [alertEventIds],
    );
  }
}
