import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { Clock, type Principal } from '#platform';
import { recordChange } from '../common/audit-entry.js';
import { SiteQuery } from './site.query.js';
import type { SiteView } from './site.view.js';

/**
 * Archives a site (it leaves the pickers and can no longer be the default) or brings it back. Its racks, history
 * and settings stay: archiving hides a site, it deletes nothing. The change and its audit entry are one unit.
 */
@Injectable()
export class ArchiveSiteUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly sites: SiteQuery,
  ) {}

  execute(siteId: string, archived: boolean, actor: Principal): Promise<SiteView> {
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('site', siteId);
      const before = await this.sites.view(repositories, siteId);
      if (archived) await repositories.sites.archive(siteId, actor.name, this.clock.now());
      else await repositories.sites.unarchive(siteId);
      const after = await this.sites.view(repositories, siteId);
      await recordChange(repositories, actor, {
        action: archived ? 'site.archive' : 'site.unarchive',
        subjectType: 'site',
        subjectId: siteId,
        before,
        after,
      });
      return after;
    });
  }
}
