import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The route a rack model follows. Racks snapshot it when they start, so edits only affect new racks. */
@Entity({ name: 'rack_route' })
export class RackRouteEntity {
  @PrimaryColumn({ type: 'text' })
  model: string;

  @Column({ type: 'text', array: true })
  stages: string[];

  @Column({ name: 'required_slots', type: 'jsonb' })
  requiredSlots: Record<string, number>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
