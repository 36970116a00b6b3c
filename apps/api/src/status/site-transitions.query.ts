import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { ApiError } from '../api.error.js';
import { toSiteTransitionView, type SiteTransitionList } from './site-transitions.view.js';

/** A site's latest transitions, for a dashboard that opens mid-shift ("just now" is not empty after a reload). */
@Injectable()
export class SiteTransitionsQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async recent(siteId: string, limit: number): Promise<SiteTransitionList> {
    return this.uow.read(async (repositories) => {
      if (
        (await repositories.siteTargets.find(siteId)) === null &&
        !(await repositories.lineStatus.hasRacks(siteId))
      ) {
        throw new ApiError('site_not_found', `No site ${siteId}: it has no target configured and no racks`);
      }
      const rows = await repositories.sites.recentTransitions(siteId, limit);
      return { items: rows.map(toSiteTransitionView) };
    });
  }
}
