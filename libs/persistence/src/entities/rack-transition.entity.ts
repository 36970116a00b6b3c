import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history: one row per accepted event. */
@Entity({ name: 'rack_transition' })
@Index('rack_transition_rack_idx', ['rackSerial', 'id'])
@Index('rack_transition_occurred_idx', ['occurredAt'])
export class RackTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'rack_serial', type: 'text' })
  rackSerial: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ name: 'from_stage', type: 'text', nullable: true })
  fromStage: string | null;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_stage', type: 'text' })
  toStage: string;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: string;

  @Column({ name: 'station_id', type: 'text' })
  stationId: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
