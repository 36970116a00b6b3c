import { describe, expect, it } from '@jest/globals';
import { chooseDefaultSite, type SiteCandidate } from './default-site.js';

const SITES: SiteCandidate[] = [
  { siteId: 'aa-test-leftover', archived: false, activity: 0 },
  { siteId: 'berlin', archived: false, activity: 4200 },
  { siteId: 'austin', archived: false, activity: 4200 },
  { siteId: 'old-line', archived: true, activity: 9000 },
];

describe('chooseDefaultSite', () => {
  it.each([
    { configured: null, siteId: 'austin', reason: 'activity', refused: null },
    { configured: '', siteId: 'austin', reason: 'activity', refused: null },
    { configured: 'berlin', siteId: 'berlin', reason: 'configured', refused: null },
    { configured: 'aa-test-leftover', siteId: 'aa-test-leftover', reason: 'configured', refused: null },
    { configured: 'old-line', siteId: 'austin', reason: 'activity', refused: 'archived' },
    { configured: 'nowhere', siteId: 'austin', reason: 'activity', refused: 'unknown' },
  ] as const)('configured $configured → $siteId ($reason)', ({ configured, siteId, reason, refused }) => {
    expect(chooseDefaultSite(SITES, configured)).toEqual({ siteId, reason, configuredRefused: refused });
  });

  it('picks the busiest unarchived site, not the one that sorts first', () => {
    const sites = [
      { siteId: 'a', archived: false, activity: 1 },
      { siteId: 'z', archived: false, activity: 2 },
    ];
    expect(chooseDefaultSite(sites, null).siteId).toBe('z');
  });

  it('has no default when every site is archived', () => {
    expect(chooseDefaultSite([{ siteId: 'x', archived: true, activity: 5 }], null)).toEqual({
      siteId: null,
      reason: 'none',
      configuredRefused: null,
    });
  });
});
