import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A component named in an accepted `failed` event (`failedComponents`), with the part's identity as it was
 * installed at that moment. Kept apart from the event's payload so that failure Paretos and a component's
 * failure history are index lookups rather than scans of every event's JSON.
 */
@Entity({ name: 'component_failure' })
@Index('component_failure_event_component_uq', ['eventId', 'componentSerial'], { unique: true })
@Index('component_failure_serial_idx', ['componentSerial', 'occurredAt'])
@Index('component_failure_occurred_idx', ['occurredAt'])
export class ComponentFailureEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'rack_serial', type: 'text' })
  rackSerial: string;

  @Column({ name: 'component_serial', type: 'text' })
  componentSerial: string;

  @Column({ name: 'part_number', type: 'text' })
  partNumber: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ type: 'text' })
  lot: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ name: 'station_id', type: 'text' })
  stationId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
