import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AlertEventEntity } from './alert-event.entity.js';
import { WebhookEntity } from './webhook.entity.js';

/**
 * The webhook outbox: one row per message per webhook, written in the same transaction as the alert state
 * it announces. The unique (alert event, webhook) pair is why one alert state is never queued twice.
 */
@Entity({ name: 'webhook_delivery' })
@Index('webhook_delivery_event_webhook_uq', ['alertEventId', 'webhookId'], { unique: true })
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('webhook_delivery_webhook_idx', ['webhookId', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: WebhookEntity;

  /** null for a test message. */
  @Column({ name: 'alert_event_id', type: 'bigint', nullable: true })
  alertEventId: string | null;

  @ManyToOne(() => AlertEventEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'alert_event_id' })
  alertEvent?: AlertEventEntity | null;

  @Column({ name: 'notice_type', type: 'text' })
  noticeType: string;

  /** The exact body, rendered once when queued, so every attempt sends the same bytes. */
  @Column({ type: 'text' })
  body: string;

  /** pending → delivered, or failed (gave up), or cancelled (webhook deleted). */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
