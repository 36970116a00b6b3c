import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One alert from its first breach to its resolution. The partial unique indexes are the deduplication: at
 * most one open (pending or firing) alert per rule, site and subject, and per rule and subject for the
 * pipeline's site-less alerts.
 */
@Entity({ name: 'alert' })
@Index('alert_open_key_uq', ['rule', 'siteId', 'subject'], { unique: true, where: `"status" <> 'resolved'` })
@Index('alert_pipeline_open_key_uq', ['rule', 'subject'], {
  unique: true,
  where: `"site_id" IS NULL AND "status" <> 'resolved'`,
})
@Index('alert_site_idx', ['siteId', 'id'])
@Index('alert_status_idx', ['status', 'id'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  rule: string;

  /** null for an alert about the pipeline rather than one site (a stalled tracker partition). */
  @Column({ name: 'site_id', type: 'text', nullable: true })
  siteId: string | null;

  /** The stage, rack serial or partition the alert is about; '' for site-wide rules. */
  @Column({ type: 'text' })
  subject: string;

  /** pending (breached, within its grace period, nobody told) → firing → resolved. */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text' })
  severity: string;

  @Column({ name: 'peak_severity', type: 'text' })
  peakSeverity: string;

  @Column({ name: 'pending_since', type: 'timestamptz' })
  pendingSince: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'last_notified_at', type: 'timestamptz', nullable: true })
  lastNotifiedAt: Date | null;

  /** The one-line title of the latest notification or evaluation. */
  @Column({ type: 'text' })
  title: string;

  /** The rule's latest measurements for this alert. */
  @Column({ type: 'jsonb', nullable: true })
  detail: unknown;

  /** The site's week figures at the latest evaluation (a pipeline alert: the partition's offsets). */
  @Column({ type: 'jsonb' })
  figures: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
