import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One stay of a component in a rack, from install to removal: the as-built genealogy.
 * The partial unique index is the database's own guarantee that a serial sits in one rack at a time.
 */
@Entity({ name: 'component_install' })
@Index('component_install_active_serial_uq', ['componentSerial'], {
  unique: true,
  where: '"removed_at" IS NULL',
})
@Index('component_install_rack_idx', ['rackSerial', 'installedAt'])
@Index('component_install_serial_idx', ['componentSerial', 'installedAt'])
// Trace indexes end in rack_serial: a trace pages through racks in serial order, so each filter's index
// hands its matches over already grouped and ordered by rack, and a first page stops early.
@Index('component_install_part_rack_idx', ['partNumber', 'rackSerial'])
@Index('component_install_lot_rack_idx', ['lot', 'rackSerial'])
@Index('component_install_supplier_rack_idx', ['supplierId', 'rackSerial'])
// A part number and a supplier are each common while a pair may be rare or absent: without this, that pair
// is found by filtering every row of one of them.
@Index('component_install_part_supplier_rack_idx', ['partNumber', 'supplierId', 'rackSerial'])
@Index('component_install_parent_idx', ['parentSerial'], { where: '"removed_at" IS NULL' })
export class ComponentInstallEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'component_serial', type: 'text' })
  componentSerial: string;

  @Column({ name: 'rack_serial', type: 'text' })
  rackSerial: string;

  @Column({ name: 'part_number', type: 'text' })
  partNumber: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ type: 'text' })
  lot: string;

  @Column({ name: 'parent_serial', type: 'text', nullable: true })
  parentSerial: string | null;

  @Column({ name: 'installed_event_id', type: 'uuid' })
  installedEventId: string;

  @Column({ name: 'installed_at', type: 'timestamptz' })
  installedAt: Date;

  @Column({ name: 'removed_event_id', type: 'uuid', nullable: true })
  removedEventId: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;
}
