import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Only the rule settings a site changed; everything else follows the defaults, including later ones. */
@Entity({ name: 'site_alert_rules' })
export class SiteAlertRulesEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ type: 'jsonb' })
  overrides: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
