import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to configuration (routes, stations, tokens, targets, webhooks): who made it, through which
 * service, and the subject before and after. Append-only; nothing updates or deletes rows.
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_subject_idx', ['subjectType', 'subjectId', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** `admin-token` for the bootstrap ADMIN_TOKEN, `token:<id>` for an issued token. */
  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  /** The service the change went through: api, ingest, alerts. */
  @Column({ type: 'text' })
  service: string;

  /** What was done, `<subject>.<verb>`, e.g. `route.put`, `station.revoke`, `webhook.create`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  /** null when the subject did not exist before (a creation). Secrets are never stored here. */
  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  /** null when the subject no longer exists after (a deletion). */
  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;
}
