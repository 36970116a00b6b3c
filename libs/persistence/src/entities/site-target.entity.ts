import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A site's weekly target and shift calendar as configured; sites without a row run on the defaults. */
@Entity({ name: 'site_target' })
export class SiteTargetEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ name: 'weekly_target', type: 'integer' })
  weeklyTarget: number;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'week_starts_on', type: 'text' })
  weekStartsOn: string;

  /** Production windows per weekday, `{ monday: [{ start, end }], … }`. */
  @Column({ type: 'jsonb' })
  shifts: Record<string, { start: string; end: string }[]>;

  /** Local dates (`YYYY-MM-DD`) without production. */
  @Column({ type: 'text', array: true })
  holidays: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
