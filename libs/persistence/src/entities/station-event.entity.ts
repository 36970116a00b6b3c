import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every event the tracker consumed, accepted or rejected, keyed by its idempotency key.
 * The content hash tells a harmless re-post from a different event reusing the same id.
 */
@Entity({ name: 'station_event' })
@Index('station_event_rack_idx', ['rackSerial', 'occurredAt'])
export class StationEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'rack_serial', type: 'text' })
  rackSerial: string;

  @Column({ name: 'station_id', type: 'text' })
  stationId: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'operator_id', type: 'text', nullable: true })
  operatorId: string | null;

  /** The event as posted (details, components, measurements included). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ name: 'kafka_partition', type: 'integer' })
  kafkaPartition: number;

  @Column({ name: 'kafka_offset', type: 'bigint' })
  kafkaOffset: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
