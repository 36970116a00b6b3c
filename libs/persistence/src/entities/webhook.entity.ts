import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A chat (or program) to notify. Chat URLs carry their credentials in the path, so the URL is as secret as
 * `secret`: neither is ever logged or returned whole.
 */
@Entity({ name: 'webhook' })
export class WebhookEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  /** slack, teams, google_chat or generic. */
  @Column({ type: 'text' })
  kind: string;

  /** HMAC key of the generic kind's X-Signature. */
  @Column({ type: 'text', nullable: true })
  secret: string | null;

  /** Sites whose alerts it receives; empty means every site. */
  @Column({ name: 'site_ids', type: 'text', array: true })
  siteIds: string[];

  @Column({ name: 'min_severity', type: 'text' })
  minSeverity: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Deleted webhooks stay, so their delivery history still says where each message went. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
