import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A measurement taken at a test stage, with pass/fail derived from its limits. */
@Entity({ name: 'test_measurement' })
@Index('test_measurement_rack_idx', ['rackSerial', 'occurredAt'])
@Index('test_measurement_name_idx', ['name', 'occurredAt'])
export class TestMeasurementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'rack_serial', type: 'text' })
  rackSerial: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'double precision', nullable: true })
  low: number | null;

  @Column({ type: 'double precision', nullable: true })
  high: number | null;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
