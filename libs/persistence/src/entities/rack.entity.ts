import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Current state of one rack: the projection the state machine maintains. */
@Entity({ name: 'rack' })
@Index('rack_stage_status_idx', ['stage', 'status'])
@Index('rack_site_idx', ['siteId', 'stage', 'status'])
export class RackEntity {
  @PrimaryColumn({ type: 'text' })
  serial: string;

  @Column({ type: 'text' })
  model: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ name: 'line_id', type: 'text' })
  lineId: string;

  /** Snapshot of the route when the rack started. */
  @Column({ type: 'text', array: true })
  route: string[];

  @Column({ name: 'required_slots', type: 'jsonb' })
  requiredSlots: Record<string, number>;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'held_stage', type: 'text', nullable: true })
  heldStage: string | null;

  @Column({ name: 'held_status', type: 'text', nullable: true })
  heldStatus: string | null;

  @Column({ name: 'rework_count', type: 'integer', default: 0 })
  reworkCount: number;

  @Column({ name: 'failure_count', type: 'integer', default: 0 })
  failureCount: number;

  @Column({ name: 'slot_counts', type: 'jsonb' })
  slotCounts: Record<string, number>;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'state_entered_at', type: 'timestamptz' })
  stateEnteredAt: Date;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
