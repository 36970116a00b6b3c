import type { Queryable } from './queryable.js';
import { SqlConditions, type NewestFirstPage } from './sql-conditions.js';

/** An alert row, camelCase, values as stored (the domain gives them meaning). */
export interface StoredAlert {
  id: string;
  rule: string;
  /** null: an alert about the pipeline (a stalled tracker partition), not one site. */
  siteId: string | null;
  subject: string;
  status: string;
  severity: string;
  peakSeverity: string;
  pendingSince: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  lastNotifiedAt: Date | null;
  title: string;
  detail: unknown;
  figures: unknown;
  /** The person on the floor who took the alert (named in the request), null until acknowledged. */
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgeNote: string | null;
  /** When chat heard that the alert went unacknowledged past its escalation time; null until then. */
  unacknowledgedNotifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AlertStateRow = Pick<
  StoredAlert,
  | 'status'
  | 'severity'
  | 'peakSeverity'
  | 'pendingSince'
  | 'firedAt'
  | 'resolvedAt'
  | 'lastNotifiedAt'
  | 'title'
  | 'detail'
  | 'figures'
>;

export type NewAlertRow = AlertStateRow & Pick<StoredAlert, 'rule' | 'siteId' | 'subject'>;

export interface StoredAlertEvent {
  id: string;
  alertId: string;
  kind: string;
  severity: string;
  title: string;
  summary: string;
  detail: unknown;
  figures: unknown;
  occurredAt: Date;
}

export type NewAlertEventRow = Omit<StoredAlertEvent, 'id'>;

export interface AlertListFilter {
  siteId?: string;
  rule?: string;
  /** `open` means pending or firing. */
  status?: string;
  severity?: string;
}

export type AlertListPage = NewestFirstPage;

const ALERT_COLUMNS = `id, rule, site_id AS "siteId", subject, status, severity, peak_severity AS "peakSeverity",
  pending_since AS "pendingSince", fired_at AS "firedAt", resolved_at AS "resolvedAt", last_notified_at AS "lastNotifiedAt",
  title, detail, figures, acknowledged_by AS "acknowledgedBy", acknowledged_at AS "acknowledgedAt",
  acknowledge_note AS "acknowledgeNote", unacknowledged_notified_at AS "unacknowledgedNotifiedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** An alert's state as bound parameters, in the column order of STATE_COLUMNS. */
const STATE_COLUMNS = `status, severity, peak_severity, pending_since, fired_at, resolved_at, last_notified_at, title,
  detail, figures`;
function stateValues(row: AlertStateRow): unknown[] {
  return [
    row.status,
    row.severity,
    row.peakSeverity,
    row.pendingSince,
    row.firedAt,
    row.resolvedAt,
    row.lastNotifiedAt,
    row.title,
    JSON.stringify(row.detail ?? null),
    JSON.stringify(row.figures),
  ];
}

const EVENT_COLUMNS = `id, alert_id AS "alertId", kind, severity, title, summary, detail, figures, occurred_at AS "occurredAt"`;

// Any constants work; each only has to be the same for every alerts instance of this database.
const EVALUATION_LOCK = 0x61_6c_72_74;
const LEADER_LOCK = 0x6c_65_61_64;
const PIPELINE_EVALUATION_LOCK = 0x70_69_70_65;

/** SQL for `alert` and its history `alert_event`. */
export class AlertRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Takes the evaluation lock of one site for the caller's transaction, or answers false at once when
   * another instance holds it: a site is evaluated by one replica at a time.
   */
  async tryLockSiteEvaluation(siteId: string): Promise<boolean> {
    const [row] = await this.db.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
      [EVALUATION_LOCK, siteId],
    );
    return row.locked;
  }

  /** The same, for the pipeline's site-less alerts (a key no site's lock can take). */
  async tryLockPipelineEvaluation(): Promise<boolean> {
    const [row] = await this.db.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1, 0) AS locked',
      [PIPELINE_EVALUATION_LOCK],
    );
    return row.locked;
  }

  /**
   * Session-level: held for as long as the connection this repository runs on stays open, so run it on a
   * dedicated connection. The holder is the one instance that evaluates and sends.
   */
  async tryAcquireLeadership(): Promise<boolean> {
    const [row] = await this.db.query<{ locked: boolean }[]>('SELECT pg_try_advisory_lock($1) AS locked', [
      LEADER_LOCK,
    ]);
    return row.locked;
  }

  async releaseLeadership(): Promise<void> {
    await this.db.query('SELECT pg_advisory_unlock($1)', [LEADER_LOCK]);
  }

  /** Whether the connection (and so the leadership it holds) is still there. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Pending and firing alerts of a site. */
  async findOpen(siteId: string): Promise<StoredAlert[]> {
    return this.db.query<StoredAlert[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE site_id = $1 AND status <> 'resolved' ORDER BY id`,
      [siteId],
    );
  }

  /** Pending and firing alerts of one rule about the pipeline (alerts without a site). */
  async findOpenPipeline(rule: string): Promise<StoredAlert[]> {
    return this.db.query<StoredAlert[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE site_id IS NULL AND rule = $1 AND status <> 'resolved' ORDER BY id`,
      [rule],
    );
  }

  async findById(id: string): Promise<StoredAlert | null> {
    const rows = await this.db.query<StoredAlert[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE id = $1::bigint`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(row: NewAlertRow, now: Date): Promise<string> {
    const [inserted] = await this.db.query<{ id: string }[]>(
      `INSERT INTO alert (rule, site_id, subject, ${STATE_COLUMNS}, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $14)
       RETURNING id`,
      [row.rule, row.siteId, row.subject, ...stateValues(row), now],
    );
    return inserted.id;
  }

  async update(id: string, row: AlertStateRow, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE alert SET status = $2, severity = $3, peak_severity = $4, pending_since = $5, fired_at = $6, resolved_at = $7,
                        last_notified_at = $8, title = $9, detail = $10::jsonb, figures = $11::jsonb, updated_at = $12
        WHERE id = $1::bigint`,
      [id, ...stateValues(row), now],
    );
  }

  /**
   * Marks a firing, unacknowledged alert as taken by `by`; false when it is not (any more) firing or was
   * acknowledged already, so two people acknowledging at once leave the first one's name.
   */
  async acknowledge(id: string, by: string, note: string | null, now: Date): Promise<boolean> {
    const rows = await this.db.query<{ id: string }[]>(
      `UPDATE alert SET acknowledged_by = $2, acknowledged_at = $3, acknowledge_note = $4, updated_at = $3
        WHERE id = $1::bigint AND status = 'firing' AND acknowledged_at IS NULL RETURNING id`,
      [id, by, now, note],
    );
    return rows.length > 0;
  }

  /** Records that chat was told the alert went unacknowledged, so it is told once. */
  async markUnacknowledgedNotified(id: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE alert SET unacknowledged_notified_at = $2 WHERE id = $1::bigint AND unacknowledged_notified_at IS NULL`,
      [id, now],
    );
  }

  /** A pending alert whose breach went away before anyone was told leaves no trace. */
  async deletePending(id: string): Promise<void> {
    await this.db.query(`DELETE FROM alert WHERE id = $1::bigint AND status = 'pending'`, [id]);
  }

  async insertEvent(row: NewAlertEventRow): Promise<string> {
    const [inserted] = await this.db.query<{ id: string }[]>(
      `INSERT INTO alert_event (alert_id, kind, severity, title, summary, detail, figures, occurred_at)
       VALUES ($1::bigint, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING id`,
      [
        row.alertId,
        row.kind,
        row.severity,
        row.title,
        row.summary,
        JSON.stringify(row.detail ?? null),
        JSON.stringify(row.figures),
        row.occurredAt,
      ],
    );
    return inserted.id;
  }

  /** Newest first; the (site_id, id) and (status, id) indexes serve the filtered forms. */
  async list(filter: AlertListFilter, page: AlertListPage): Promise<StoredAlert[]> {
    const sql = new SqlConditions().equal([
      ['site_id', filter.siteId],
      ['rule', filter.rule],
      ['peak_severity', filter.severity],
    ]);
    if (filter.status === 'open') sql.add(`status = 'firing'`);
    else if (filter.status !== undefined) sql.add(`status = ${sql.bind(filter.status)}`);
    else sql.add(`status <> 'pending'`);
    if (page.beforeId !== null) sql.add(`id < ${sql.bind(page.beforeId)}::bigint`);
    return this.db.query<StoredAlert[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE ${sql.joined()} ORDER BY id DESC LIMIT ${sql.bind(page.limit)}`,
      sql.values,
    );
  }

  /** A site's alerts that were firing at some time within [from, to), in the order they fired (at most 200). */
  async findFiringWithin(siteId: string, from: Date, to: Date): Promise<StoredAlert[]> {
    return this.db.query<StoredAlert[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert
        WHERE site_id = $1 AND status <> 'pending' AND fired_at < $3 AND (resolved_at IS NULL OR resolved_at >= $2)
        ORDER BY fired_at, id LIMIT 200`,
      [siteId, from, to],
    );
  }

  /** The history of each alert, oldest first. */
  async findEvents(alertIds: readonly string[]): Promise<StoredAlertEvent[]> {
    if (alertIds.length === 0) return [];
    return this.db.query<StoredAlertEvent[]>(
      `SELECT ${EVENT_COLUMNS} FROM alert_event WHERE alert_id = ANY($1::bigint[]) ORDER BY alert_id, id`,
      [alertIds],
    );
  }
}
