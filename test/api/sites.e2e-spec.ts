import { describe, expect, it } from '@jest/globals';
import type { Problem } from '../../apps/api/src/common/problem.view.js';
import type { SiteList, SiteView } from '../../apps/api/src/sites/site.view.js';
import type { HandoverView } from '../../apps/api/src/status/handover.view.js';
import type { SiteTransitionList } from '../../apps/api/src/status/site-transitions.view.js';
import { ADMIN_TOKEN } from '../support/stack.js';
import { apiSuite, jsonClient, seedRacks, seedTransitions, type SeededTransition } from './api-fixtures.js';

interface AuditPage {
  items: { action: string; actor: { id: string; name: string }; before: unknown; after: unknown }[];
}

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** `count` transitions at `siteId`, `hoursAgo` back: station events as activity counts them. */
async function activity(
  database: Parameters<typeof seedTransitions>[0],
  siteId: string,
  count: number,
  hoursAgo: number,
) {
  const transitions: SeededTransition[] = Array.from({ length: count }, (_, index) => ({
    rackSerial: `RK-${siteId}-${index}`,
    eventType: 'started',
    stage: 'assembly',
    from: null,
    to: { stage: 'assembly', status: 'in_progress' },
    occurredAt: ago(hoursAgo),
  }));
  const ids = await seedTransitions(database, transitions);
  await database.query(`UPDATE rack_transition SET site_id = $1 WHERE event_id = ANY($2::uuid[])`, [
    siteId,
    ids,
  ]);
}

describe('api: sites — the default a kiosk opens on, and archiving test sites out of the pickers', () => {
  const { database, api, client } = apiSuite('api_sites', {
    seed: async (database) => {
      await seedRacks(database, [
        { serial: 'RK-LEFTOVER', siteId: 'aa-test-leftover' },
        { serial: 'RK-BUSY', siteId: 'fab-busy' },
        { serial: 'RK-QUIET', siteId: 'fab-quiet' },
      ]);
      await activity(database, 'fab-busy', 5, 2);
      await activity(database, 'fab-quiet', 2, 2);
      // Older than the 7-day window: not activity.
      await activity(database, 'aa-test-leftover', 9, 8 * 24);
      await database.query(
        `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
         VALUES ('fab-quiet', 500, 'Europe/Berlin', 'monday', '{"monday":[{"start":"06:00","end":"14:00"}]}'::jsonb, '{}')`,
      );
    },
  });
  const admin = () => jsonClient(api.url, ADMIN_TOKEN);

  it('lists every site with its zone, activity over 7 days, and the busiest as default (not the first by name)', async () => {
    const response = await client.get<SiteList>('/v1/sites');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        { siteId: 'aa-test-leftover', timeZone: 'UTC', archived: false, isDefault: false, activity: 0 },
        { siteId: 'fab-busy', timeZone: 'UTC', archived: false, isDefault: true, activity: 5 },
        { siteId: 'fab-quiet', timeZone: 'Europe/Berlin', archived: false, isDefault: false, activity: 2 },
      ],
      defaultSiteId: 'fab-busy',
    });
  });

  it('archives a site (admin only, audited): it leaves the list, cannot be default, and comes back on unarchive', async () => {
    const refused = await client.post<Problem>('/v1/sites/aa-test-leftover/archive', {});
    expect(refused.status).toBe(403);

    const archived = await admin().post<SiteView>('/v1/sites/fab-busy/archive', {});
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({
      siteId: 'fab-busy',
      timeZone: 'UTC',
      archived: true,
      isDefault: false,
      activity: 5,
    });
    const list = (await client.get<SiteList>('/v1/sites')).body;
    expect(list.items.map((site) => site.siteId)).toEqual(['aa-test-leftover', 'fab-quiet']);
    expect(list.defaultSiteId).toBe('fab-quiet');
    const all = (await client.get<SiteList>('/v1/sites?includeArchived=true')).body;
    expect(all.items.map((site) => [site.siteId, site.archived])).toEqual([
      ['aa-test-leftover', false],
      ['fab-busy', true],
      ['fab-quiet', false],
    ]);
    // An archived site's figures are still there for whoever opens it by name.
    expect((await client.get('/v1/sites/fab-busy/progress')).status).toBe(200);

    const back = await admin().post<SiteView>('/v1/sites/fab-busy/unarchive', {});
    expect(back.body).toMatchObject({ archived: false, isDefault: true });
    expect((await client.get<SiteList>('/v1/sites')).body.defaultSiteId).toBe('fab-busy');

    const audit = (await admin().get<AuditPage>('/v1/audit?subjectType=site&subjectId=fab-busy')).body;
    expect(audit.items.map((entry) => [entry.action, entry.actor.id])).toEqual([
      ['site.unarchive', 'admin-token'],
      ['site.archive', 'admin-token'],
    ]);
    expect(audit.items[1]).toMatchObject({ before: { archived: false }, after: { archived: true } });
  });

  it('answers 404 for an unknown site and 400 naming a bad field', async () => {
    const unknown = await admin().post<Problem>('/v1/sites/nowhere/archive', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('nowhere');
    const badFlag = await client.get<Problem>('/v1/sites?includeArchived=yes');
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.errors).toEqual([
      { path: 'includeArchived', reason: 'includeArchived must be true or false' },
    ]);
    const badId = await admin().post<Problem>('/v1/sites/bad%20site/unarchive', {});
    expect(badId.status).toBe(400);
    expect(badId.body.errors?.[0]?.path).toBe('siteId');
  });

  it('lists a site’s latest transitions newest first, as the live stream carries them, for a dashboard that opens mid-shift', async () => {
    const response = await client.get<SiteTransitionList>('/v1/sites/fab-quiet/transitions?limit=1');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        eventId: expect.any(String),
        rackSerial: 'RK-fab-quiet-1',
        siteId: 'fab-quiet',
        eventType: 'started',
        stage: 'assembly',
        stationId: 'ASSEMBLY-01',
        from: null,
        to: { stage: 'assembly', status: 'in_progress' },
        occurredAt: expect.any(String),
      },
    ]);
    expect((await client.get<SiteTransitionList>('/v1/sites/fab-busy/transitions')).body.items).toHaveLength(
      5,
    );
    const tooMany = await client.get<Problem>('/v1/sites/fab-busy/transitions?limit=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.map((error) => error.path)).toContain('limit');
    expect((await client.get<Problem>('/v1/sites/nowhere/transitions')).status).toBe(404);
  });

  it('reports a shift’s hand-over: shipped, failed, held, released, scrapped and alerts, on the site’s calendar', async () => {
    // Every hour of the day in three shifts, so "current" is the shift running now whatever time the suite runs.
    const shifts = [
      { start: '00:00', end: '08:00' },
      { start: '08:00', end: '16:00' },
      { start: '16:00', end: '24:00' },
    ];
    await database.query(
      `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
       VALUES ('fab-handover', 1000, 'UTC', 'monday', $1::jsonb, '{}')`,
      [
        JSON.stringify(
          Object.fromEntries(
            ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
              day,
              shifts,
            ]),
          ),
        ),
      ],
    );
    const now = new Date();
    const shiftStart = new Date(now);
    shiftStart.setUTCHours(Math.floor(now.getUTCHours() / 8) * 8, 0, 0, 0);
    const previousStart = new Date(shiftStart.getTime() - 8 * HOUR);
    // Just after the current shift started (or at now, in its first second), and in the middle of the previous one.
    const inCurrent = new Date(Math.min(shiftStart.getTime() + 1000, now.getTime())).toISOString();
    const inPrevious = new Date(previousStart.getTime() + 4 * HOUR).toISOString();
    const move = (
      serial: string,
      from: [string, string] | null,
      to: [string, string],
      at: string,
      eventType = 'passed',
    ): SeededTransition => ({
      rackSerial: serial,
      eventType,
      stage: to[0],
      from: from && { stage: from[0], status: from[1] },
      to: { stage: to[0], status: to[1] },
      occurredAt: at,
    });
    const ids = await seedTransitions(database, [
      move('RK-H1', ['ship', 'in_progress'], ['ship', 'shipped'], inCurrent),
      move('RK-H2', ['ship', 'in_progress'], ['ship', 'shipped'], inCurrent),
      move('RK-H3', ['qa', 'in_progress'], ['qa', 'failed'], inCurrent, 'failed'),
      move('RK-H4', ['qa', 'in_progress'], ['qa', 'on_hold'], inCurrent, 'hold'),
      move('RK-H5', ['qa', 'on_hold'], ['qa', 'in_progress'], inCurrent, 'release'),
      move('RK-H6', ['qa', 'on_hold'], ['qa', 'scrapped'], inCurrent, 'scrap'),
      // A component installed: no change of state, not counted.
      move('RK-H7', ['qa', 'in_progress'], ['qa', 'in_progress'], inCurrent, 'component_installed'),
      move('RK-H8', ['ship', 'in_progress'], ['ship', 'shipped'], inPrevious),
    ]);
    await database.query(
      `UPDATE rack_transition SET site_id = 'fab-handover' WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    await database.query(
      `INSERT INTO alert (rule, site_id, subject, status, severity, peak_severity, pending_since, fired_at, resolved_at, title, figures,
                          acknowledged_by, acknowledged_at)
       VALUES ('behind_plan', 'fab-handover', '', 'resolved', 'warning', 'warning', $1, $1, $2, 'Behind plan at fab-handover', '{}', 'Dana Ruiz', $2),
              ('stuck_rack', 'fab-handover', 'RK-X', 'resolved', 'warning', 'warning', $3, $3, $3, 'Stuck rack long ago', '{}', NULL, NULL)`,
      [inPrevious, inCurrent, new Date(previousStart.getTime() - 24 * HOUR).toISOString()],
    );

    const current = await client.get<HandoverView>('/v1/sites/fab-handover/handover');
    expect(current.status).toBe(200);
    expect(current.body).toEqual({
      siteId: 'fab-handover',
      shift: {
        label: `${String(shiftStart.getUTCHours()).padStart(2, '0')}:00–${String(shiftStart.getUTCHours() + 8).padStart(2, '0')}:00`,
        start: shiftStart.toISOString(),
        end: new Date(shiftStart.getTime() + 8 * HOUR).toISOString(),
      },
      shipped: 2,
      failed: 1,
      held: 1,
      released: 1,
      scrapped: 1,
      alerts: [
        {
          id: expect.any(String),
          title: 'Behind plan at fab-handover',
          severity: 'warning',
          firedAt: inPrevious,
          resolvedAt: inCurrent,
          acknowledgedBy: 'Dana Ruiz',
          acknowledgedAt: inCurrent,
        },
      ],
    });
    const previous = (await client.get<HandoverView>('/v1/sites/fab-handover/handover?shift=previous')).body;
    expect(previous).toMatchObject({
      shift: { start: previousStart.toISOString(), end: shiftStart.toISOString() },
      shipped: 1,
      failed: 0,
      held: 0,
      alerts: [{ title: 'Behind plan at fab-handover', resolvedAt: inCurrent }],
    });

    const bad = await client.get<Problem>('/v1/sites/fab-handover/handover?shift=next');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'shift', reason: 'shift must be one of: current, previous' }]);
    expect((await client.get<Problem>('/v1/sites/nowhere/handover')).status).toBe(404);
  });
});

describe('api: DASHBOARD_DEFAULT_SITE', () => {
  const seed = async (database: Parameters<typeof seedRacks>[0]) => {
    await seedRacks(database, [
      { serial: 'RK-A', siteId: 'fab-a' },
      { serial: 'RK-B', siteId: 'fab-b' },
    ]);
    await activity(database, 'fab-a', 3, 1);
    await database.query(
      `INSERT INTO site_archive (site_id, archived_at, archived_by) VALUES ('fab-b', now(), 'test')`,
    );
  };

  describe('naming a site', () => {
    const { client } = apiSuite('api_default_site', { seed, env: { DASHBOARD_DEFAULT_SITE: 'fab-a' } });
    it('makes it the default', async () => {
      expect((await client.get<SiteList>('/v1/sites')).body.defaultSiteId).toBe('fab-a');
    });
  });

  describe('naming an archived site', () => {
    const { api, client } = apiSuite('api_default_archived', {
      seed,
      env: { DASHBOARD_DEFAULT_SITE: 'fab-b' },
    });
    it('falls back to the most active site and says so in the log at start', async () => {
      expect((await client.get<SiteList>('/v1/sites')).body.defaultSiteId).toBe('fab-a');
      expect(api.logs.some((line) => line.includes('DASHBOARD_DEFAULT_SITE fab-b is archived'))).toBe(true);
    });
  });
});
