import type { Queryable } from './queryable.js';
import { SqlConditions, type NewestFirstPage } from './sql-conditions.js';

/** Who made a change, as the audit log names them. */
export interface AuditActor {
  /** `admin-token` for the bootstrap ADMIN_TOKEN, `token:<id>` for an issued token. */
  id: string;
  name: string;
  role: string;
}

export interface NewAuditEntry {
  actor: AuditActor;
  /** The service the change went through: `api`, `ingest`, `alerts`. */
  service: string;
  /** `<subject>.<verb>`, e.g. `route.put`, `station.register`, `target.put`, `webhook.delete`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** The subject before the change; null for a creation. Leave secrets out (hash or omit them). */
  before: unknown;
  /** The subject after the change; null for a deletion. */
  after: unknown;
  correlationId?: string | null;
}

/** An entry as stored: the change as appended, with its actor flattened and its id and time. */
export interface AuditRecord extends Pick<
  NewAuditEntry,
  'service' | 'action' | 'subjectType' | 'subjectId' | 'before' | 'after'
> {
  id: string;
  occurredAt: Date;
  actorId: string;
  actorName: string;
  actorRole: string;
  correlationId: string | null;
}

export interface AuditListFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  service?: string;
}

export type AuditListPage = NewestFirstPage;

const COLUMNS = `id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_name AS "actorName",
  actor_role AS "actorRole", service, action, subject_type AS "subjectType", subject_id AS "subjectId", before, after,
  correlation_id AS "correlationId"`;

/**
 * The configuration audit log (`audit_entry`). Every service that changes configuration appends here, in
 * the same transaction as the change: construct it on the transaction's EntityManager
 * (`new AuditRepository(manager)`), so a change is never kept without its entry, nor an entry without its change.
 */
export class AuditRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Serialises changes to one subject until the transaction ends, so that the `before` read after this call
   * is exactly the previous entry's `after`, even when two admins change the same thing at once.
   */
  async lockSubject(subjectType: string, subjectId: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `audit:${subjectType}:${subjectId}`,
    ]);
  }

  async append(entry: NewAuditEntry): Promise<AuditRecord> {
    const rows = await this.db.query<AuditRecord[]>(
      `INSERT INTO audit_entry (actor_id, actor_name, actor_role, service, action, subject_type, subject_id, before, after,
                                correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)
       RETURNING ${COLUMNS}`,
      [
        entry.actor.id,
        entry.actor.name,
        entry.actor.role,
        entry.service,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.correlationId ?? null,
      ],
    );
    return rows[0]!;
  }

  async list(filter: AuditListFilter, page: AuditListPage): Promise<AuditRecord[]> {
    const sql = new SqlConditions().equal([
      ['subject_type', filter.subjectType],
      ['subject_id', filter.subjectId],
      ['actor_id', filter.actorId],
      ['service', filter.service],
    ]);
    if (page.beforeId !== null) sql.add(`id < ${sql.bind(page.beforeId)}::bigint`);
    return this.db.query<AuditRecord[]>(
      `SELECT ${COLUMNS} FROM audit_entry${sql.where()} ORDER BY id DESC LIMIT ${sql.bind(page.limit)}`,
      sql.values,
    );
  }
}
