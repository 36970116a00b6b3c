import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every weekly target a site has had and since when: a mid-week change is pro-rated, not retroactive. */
@Entity({ name: 'site_target_revision' })
@Index('site_target_revision_site_idx', ['siteId', 'effectiveFrom'])
export class SiteTargetRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ name: 'weekly_target', type: 'integer' })
  weeklyTarget: number;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom: Date;
}
