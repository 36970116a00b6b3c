import { Injectable } from '@nestjs/common';
import { AlertsConfig } from '../alerts.config.js';

/** Links into the shift managers' dashboard (served by the api), opened on the site in question. */
@Injectable()
export class DashboardLink {
  constructor(private readonly config: AlertsConfig) {}

  forSite(siteId?: string, rackSerial?: string): string {
    const url = new URL(this.config.DASHBOARD_URL);
    if (siteId !== undefined) url.searchParams.set('site', siteId);
    if (rackSerial !== undefined) url.searchParams.set('rack', rackSerial);
    return url.toString();
  }
}
