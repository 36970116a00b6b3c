import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertEntity } from './alert.entity.js';

/** An alert's history: each announced state (firing, escalated, reminder, resolved) with what it said. */
@Entity({ name: 'alert_event' })
@Index('alert_event_alert_idx', ['alertId', 'id'])
export class AlertEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'alert_id', type: 'bigint' })
  alertId: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id' })
  alert?: AlertEntity;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  severity: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', nullable: true })
  detail: unknown;

  @Column({ type: 'jsonb' })
  figures: unknown;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
