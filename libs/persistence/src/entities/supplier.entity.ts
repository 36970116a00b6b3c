import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'supplier' })
export class SupplierEntity {
  @PrimaryColumn({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ type: 'text' })
  name: string;

  /** ISO 3166-1 alpha-2, for the domestic-sourcing share. */
  @Column({ type: 'text' })
  country: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
