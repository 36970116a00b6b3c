import { Injectable } from '@nestjs/common';
import { SiteThroughputReader, UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { toSiteTargetView, type SiteTargetView } from './site-target.view.js';

/** A site's weekly target and shift calendar in force (defaults until one is stored), with this week's figures. */
@Injectable()
export class SiteTargetQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: SiteThroughputReader,
    private readonly clock: Clock,
  ) {}

  async get(siteId: string): Promise<SiteTargetView> {
    const { settings, snapshot } = await this.reader.read(this.uow.pool, siteId, this.clock.now());
    return toSiteTargetView(settings, snapshot);
  }
}
