/** What choosing a dashboard's default site needs to know of each site. */
export interface SiteCandidate {
  readonly siteId: string;
  readonly archived: boolean;
  /** Station events over the recent window (the api uses 7 days). */
  readonly activity: number;
}

export interface DefaultSiteChoice {
  readonly siteId: string | null;
  /** `configured`: the configured site; `activity`: the busiest; `none`: no unarchived site exists. */
  readonly reason: 'configured' | 'activity' | 'none';
  /** Why the configured site was passed over, when it was. */
  readonly configuredRefused: 'unknown' | 'archived' | null;
}

/**
 * The site a dashboard opens on: the configured one when it exists and is not archived, else the unarchived
 * site with the most activity (ties: the lower site id), so a fresh kiosk never opens on a test leftover that
 * merely sorts first.
 */
export function chooseDefaultSite(
  sites: readonly SiteCandidate[],
  configured: string | null,
): DefaultSiteChoice {
  let configuredRefused: DefaultSiteChoice['configuredRefused'] = null;
  if (configured !== null && configured !== '') {
    const found = sites.find((site) => site.siteId === configured);
    if (found && !found.archived) return { siteId: found.siteId, reason: 'configured', configuredRefused };
    configuredRefused = found ? 'archived' : 'unknown';
  }
  const busiest = sites
    .filter((site) => !site.archived)
    .sort((a, b) => b.activity - a.activity || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))[0];
  return busiest
    ? { siteId: busiest.siteId, reason: 'activity', configuredRefused }
    : { siteId: null, reason: 'none', configuredRefused };
}
