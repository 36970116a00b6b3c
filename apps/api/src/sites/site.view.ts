import { ApiProperty } from '@nestjs/swagger';
import type { StoredSite } from '#persistence';

/** A site as the dashboard's picker shows it. */
export class SiteView {
  @ApiProperty({ example: 'site-1' })
  siteId: string;

  @ApiProperty({
    example: 'Europe/Berlin',
    description: "The site's zone (UTC while it runs on the defaults)",
  })
  timeZone: string;

  @ApiProperty({ description: 'Archived sites are left out of pickers (and of the list unless asked for)' })
  archived: boolean;

  @ApiProperty({ description: 'Whether a dashboard opening without a site opens on this one' })
  isDefault: boolean;

  @ApiProperty({ example: 4210, description: 'Station events recorded at the site over the last 7 days' })
  activity: number;
}

export class SiteList {
  @ApiProperty({ type: [SiteView], description: 'Sites with a configured target or with racks, by site id' })
  items: SiteView[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'site-1',
    description:
      'DASHBOARD_DEFAULT_SITE when it names an unarchived site, else the unarchived site with the most activity ' +
      'over the last 7 days (ties: site id); null when every site is archived',
  })
  defaultSiteId: string | null;
}

export function toSiteView(site: StoredSite, defaultSiteId: string | null): SiteView {
  return {
    siteId: site.siteId,
    timeZone: site.timeZone ?? 'UTC',
    archived: site.archived,
    isDefault: site.siteId === defaultSiteId,
    activity: site.activity,
  };
}
