import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A refused event with its machine-readable reason. Refused events never change a rack. */
@Entity({ name: 'rejection' })
@Index('rejection_rack_idx', ['rackSerial', 'id'])
@Index('rejection_reason_idx', ['reason', 'id'])
@Index('rejection_source_idx', ['kafkaPartition', 'kafkaOffset'], { unique: true })
export class RejectionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId: string | null;

  @Column({ name: 'rack_serial', type: 'text', nullable: true })
  rackSerial: string | null;

  @Column({ name: 'station_id', type: 'text', nullable: true })
  stationId: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  detail: string;

  /** The message as consumed, so the event can be corrected and re-posted; null when jsonb cannot hold it. */
  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;

  /** The consumed bytes, exactly, for a message PostgreSQL could not store as jsonb (reason `unstorable`). */
  @Column({ type: 'bytea', nullable: true })
  raw: Buffer | null;

  @Column({ name: 'kafka_partition', type: 'integer' })
  kafkaPartition: number;

  @Column({ name: 'kafka_offset', type: 'bigint' })
  kafkaOffset: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
