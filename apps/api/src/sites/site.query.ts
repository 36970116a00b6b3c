import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { chooseDefaultSite } from '#domain';
import { UnitOfWork, type Repositories, type StoredSite } from '#persistence';
import { Clock } from '#platform';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api.error.js';
import { toSiteView, type SiteList, type SiteView } from './site.view.js';

/** Activity counts station events over this many days: a week covers every shift pattern. */
const ACTIVITY_DAYS = 7;
const DAY_MS = 86_400_000;

/** The sites, their activity, which are archived, and which a dashboard opens on. */
@Injectable()
export class SiteQuery implements OnApplicationBootstrap {
  private readonly logger = new Logger(SiteQuery.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Says at start when DASHBOARD_DEFAULT_SITE will be passed over, so a kiosk opening elsewhere is explained. */
  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.DASHBOARD_DEFAULT_SITE;
    if (configured === '') return;
    try {
      const choice = chooseDefaultSite(await this.sites(this.uow.pool), configured);
      if (choice.configuredRefused !== null) {
        this.logger.warn({
          msg: `DASHBOARD_DEFAULT_SITE ${configured} is ${choice.configuredRefused === 'archived' ? 'archived' : 'not a known site'}; dashboards open on the most active site instead`,
          configured,
          fallback: choice.siteId,
        });
      }
    } catch (error) {
      // PostgreSQL not there yet: the list will say so per request; start-up must not fail for a log line.
      this.logger.warn({ msg: 'cannot check DASHBOARD_DEFAULT_SITE', error: String(error) });
    }
  }

  async list(includeArchived: boolean): Promise<SiteList> {
    const sites = await this.sites(this.uow.pool);
    const { siteId: defaultSiteId } = chooseDefaultSite(sites, this.config.DASHBOARD_DEFAULT_SITE);
    return {
      items: sites
        .filter((site) => includeArchived || !site.archived)
        .map((site) => toSiteView(site, defaultSiteId)),
      defaultSiteId,
    };
  }

  /** One site's view on the repositories of the caller's unit; `site_not_found` when no such site exists. */
  async view(repositories: Repositories, siteId: string): Promise<SiteView> {
    const sites = await this.sites(repositories);
    const site = sites.find((candidate) => candidate.siteId === siteId);
    if (!site)
      throw new ApiError('site_not_found', `No site ${siteId}: it has no target configured and no racks`);
    const { siteId: defaultSiteId } = chooseDefaultSite(sites, this.config.DASHBOARD_DEFAULT_SITE);
    return toSiteView(site, defaultSiteId);
  }

  private sites(repositories: Repositories): Promise<StoredSite[]> {
    return repositories.sites.list(new Date(this.clock.now().getTime() - ACTIVITY_DAYS * DAY_MS));
  }
}
