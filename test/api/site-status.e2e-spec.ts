import { describe, expect, it } from '@jest/globals';
import type { QualityFailuresView } from '../../apps/api/src/quality/quality.view.js';
import type { SiteList } from '../../apps/api/src/sites/site.view.js';
import type { PerformanceView, ProgressView, WipView } from '../../apps/api/src/status/site-status.view.js';
import {
  apiSuite,
  seedRacks,
  seedRejections,
  seedTransitions,
  type SeededTransition,
} from './api-fixtures.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** Monday 00:00 UTC of the current week: the default calendar's week, as a site without settings has it. */
function mondayUtc(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - ((now.getUTCDay() + 6) % 7) * 24 * HOUR);
}

const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

describe('api: weekly progress, WIP and performance per site', () => {
  let weekStart: Date;
  const shipped = 7;

  const { database, client } = apiSuite('api_site_status', {
    seed: async (database) => {
      const now = new Date();
      weekStart = mondayUtc(now);
      // Completions spread over the week so far, whatever the day and hour the suite runs.
      const span = now.getTime() - weekStart.getTime();
      await seedRacks(database, [
        ...Array.from({ length: shipped }, (_, index) => {
          const at = new Date(weekStart.getTime() + (span * (index + 1)) / (shipped + 2)).toISOString();
          return {
            serial: `RK-DONE-${index}`,
            stage: 'ship',
            status: 'shipped',
            stateEnteredAt: at,
            lastEventAt: at,
            completedAt: at,
            startedAt: at,
          };
        }),
        // Shipped last week: not this week's output.
        {
          serial: 'RK-OLD',
          stage: 'ship',
          status: 'shipped',
          completedAt: new Date(weekStart.getTime() - HOUR).toISOString(),
          startedAt: new Date(weekStart.getTime() - 30 * HOUR).toISOString(),
        },
        {
          serial: 'RK-ASSY-1',
          stage: 'assembly',
          status: 'in_progress',
          startedAt: ago(3),
          stateEnteredAt: ago(3),
        },
        {
          serial: 'RK-ASSY-2',
          stage: 'assembly',
          status: 'passed',
          startedAt: ago(2),
          stateEnteredAt: ago(1),
        },
        {
          serial: 'RK-BURN-STUCK',
          stage: 'burn_in',
          status: 'in_progress',
          startedAt: ago(40),
          stateEnteredAt: ago(30),
        },
        {
          serial: 'RK-BURN-REWORK',
          stage: 'burn_in',
          status: 'rework',
          startedAt: ago(12),
          stateEnteredAt: ago(1),
          reworkCount: 1,
        },
        {
          serial: 'RK-QA-HOLD',
          stage: 'qa',
          status: 'on_hold',
          held: { stage: 'qa', status: 'in_progress' },
          startedAt: ago(20),
          stateEnteredAt: ago(2),
        },
        { serial: 'RK-SCRAP', stage: 'qa', status: 'scrapped', startedAt: ago(20), stateEnteredAt: ago(2) },
        { serial: 'RK-ELSEWHERE', siteId: 'site-b', stage: 'assembly', status: 'in_progress' },
      ]);
      const burnIn = (
        serial: string,
        events: [type: string, to: string, hoursAgo: number][],
      ): SeededTransition[] =>
        events.map(([eventType, status, hoursAgo], index) => ({
          rackSerial: serial,
          eventType,
          stage: 'burn_in',
          from:
            index === 0
              ? { stage: 'assembly', status: 'passed' }
              : { stage: 'burn_in', status: events[index - 1]![1] },
          to: { stage: 'burn_in', status },
          occurredAt: ago(hoursAgo),
        }));
      await seedTransitions(database, [
        // Failed first, passed after rework: 5 h from first start to pass, and not a first pass.
        ...burnIn('RK-A', [
          ['started', 'in_progress', 10],
          ['failed', 'failed', 9],
          ['rework_started', 'rework', 8.5],
          ['rework_completed', 'waiting', 7.5],
          ['started', 'in_progress', 7],
          ['passed', 'passed', 5],
        ]),
        // Straight through in 2 h.
        ...burnIn('RK-B', [
          ['started', 'in_progress', 6],
          ['passed', 'passed', 4],
        ]),
        ...burnIn('RK-BURN-STUCK', [['started', 'in_progress', 30]]),
        {
          rackSerial: 'RK-BURN-STUCK',
          eventType: 'started',
          stage: 'assembly',
          from: null,
          to: { stage: 'assembly', status: 'in_progress' },
          occurredAt: ago(40),
        },
      ]);
      await seedRejections(database, [
        { rackSerial: 'RK-A', reason: 'illegal_transition' },
        { rackSerial: 'RK-B', reason: 'illegal_transition' },
        { rackSerial: 'RK-B', reason: 'wrong_station' },
      ]);
    },
  });

  it('lists the sites that have racks', async () => {
    const sites = await client.get<SiteList>('/v1/sites');
    expect(sites.body.items.map((site) => site.siteId)).toEqual(['site-a', 'site-b']);
  });

  it('reports the week on the default target and calendar: actual, expected by now, projection, by day and shift', async () => {
    const response = await client.get<ProgressView>('/v1/sites/site-a/progress');
    expect(response.status).toBe(200);
    const progress = response.body;
    const generatedAt = Date.parse(progress.generatedAt);
    expect(progress).toMatchObject({
      siteId: 'site-a',
      configured: false,
      week: {
        start: weekStart.toISOString(),
        end: new Date(weekStart.getTime() + WEEK).toISOString(),
        timeZone: 'UTC',
      },
      target: 1000,
      targetInForce: 1000,
      actual: shipped,
      productionHours: { week: 168 },
    });
    // Every hour is a production hour by default: expected grows linearly over the week.
    expect(progress.expectedByNow).toBeCloseTo((1000 * (generatedAt - weekStart.getTime())) / WEEK, 6);
    expect(progress.projected).toBeCloseTo(
      progress.actual + progress.runRate.perHour * progress.productionHours.remaining,
      6,
    );
    expect(progress.onTrack).toBe(!progress.behindPlan && !progress.projectedMiss);
    expect(progress.byDay).toHaveLength(7);
    expect(progress.byDay.reduce((sum, day) => sum + day.actual, 0)).toBe(shipped);
    expect(progress.byDay.reduce((sum, day) => sum + day.plan, 0)).toBeCloseTo(1000, 6);
    expect(progress.byShift.map((shift) => shift.label)).toEqual(Array(7).fill('00:00–24:00'));
    // The gap to plan and the rate that still makes the week, beside the rate running.
    expect(progress.gap).toBe(Math.max(0, Math.round(progress.expectedByNow - progress.actual)));
    expect(progress.needed.racks).toBe(1000 - shipped);
    expect(progress.needed.productionHoursLeft).toBeCloseTo(progress.productionHours.remaining, 6);
    expect(progress.needed.perHour).toBeCloseTo((1000 - shipped) / progress.productionHours.remaining, 6);
    // Today's shift is the one running, and what it owed by now is its expected-by-now in whole racks.
    const running = progress.byShift.filter((shift) => shift.current);
    expect(running).toHaveLength(1);
    expect(Date.parse(running[0]!.start)).toBeLessThanOrEqual(generatedAt);
    expect(Date.parse(running[0]!.end)).toBeGreaterThan(generatedAt);
    for (const shift of progress.byShift) expect(shift.due).toBe(Math.round(shift.expectedByNow));
    const now = progress.burnUp.find((point) => point.at === progress.generatedAt)!;
    expect(now).toMatchObject({ actual: shipped, projected: shipped });
    expect(progress.burnUp[progress.burnUp.length - 1]!.projected).toBeCloseTo(progress.projected, 6);
  });

  it("uses the site's own settings from the alerts service: target, time zone, shifts", async () => {
    await database.query(
      `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
       VALUES ('site-b', 500, 'Europe/Berlin', 'monday', $1::jsonb, '{}')`,
      [
        JSON.stringify({
          monday: [
            { start: '06:00', end: '14:00' },
            { start: '14:00', end: '22:00' },
          ],
        }),
      ],
    );
    await database.query(
      `INSERT INTO site_target_revision (site_id, weekly_target, effective_from) VALUES ('site-b', 500, '2020-01-01')`,
    );
    const progress = (await client.get<ProgressView>('/v1/sites/site-b/progress')).body;
    expect(progress).toMatchObject({
      configured: true,
      target: 500,
      week: { timeZone: 'Europe/Berlin' },
      productionHours: { week: 16 },
    });
    expect(progress.byShift.map((shift) => shift.label)).toEqual(['06:00–14:00', '14:00–22:00']);
    expect(progress.byShift.reduce((sum, shift) => sum + shift.plan, 0)).toBeCloseTo(500, 6);
  });

  it('shows WIP per stage and status in route order, the oldest rack per stage, and the stuck racks', async () => {
    const wip = (await client.get<WipView>('/v1/sites/site-a/wip')).body;
    expect(wip.stages.map((stage) => [stage.stage, stage.total, stage.byStatus])).toEqual([
      ['assembly', 2, { in_progress: 1, passed: 1 }],
      ['burn_in', 2, { in_progress: 1, rework: 1 }],
      ['qa', 1, { on_hold: 1 }],
      ['ship', 0, {}],
    ]);
    expect(wip.total).toBe(5);
    // RK-BURN-STUCK entered burn-in 30 h ago by its history; RK-BURN-REWORK has no history, so its state time counts.
    expect(wip.stages[1]!.oldest).toMatchObject({ serial: 'RK-BURN-STUCK', status: 'in_progress' });
    expect(wip.stages[0]!.oldest?.serial).toBe('RK-ASSY-1');
    expect(wip.stuck).toEqual([
      expect.objectContaining({
        serial: 'RK-BURN-STUCK',
        stage: 'burn_in',
        limitHours: 24,
        clock: 'production',
      }),
    ]);
    expect(wip.stuck[0]!.hoursInState).toBeGreaterThan(29.9);
  });

  it('measures cycle time p50/p90, first-pass yield and rework per stage, and rejections per reason, over a window', async () => {
    const response = await client.get<PerformanceView>('/v1/sites/site-a/performance?windowHours=24');
    expect(response.status).toBe(200);
    const burnIn = response.body.stages.find((stage) => stage.stage === 'burn_in')!;
    expect(burnIn.cycleTime.count).toBe(2);
    expect(burnIn.cycleTime.p50Seconds! / 3600).toBeCloseTo(3.5, 3);
    expect(burnIn.cycleTime.p90Seconds! / 3600).toBeCloseTo(4.7, 3);
    expect(burnIn.firstPass).toEqual({ tested: 2, passedFirstTime: 1, yield: 0.5 });
    expect(burnIn).toMatchObject({ reworkStarted: 1, inReworkNow: 1 });
    expect(response.body.stages.map((stage) => stage.stage)).toEqual(['assembly', 'burn_in', 'qa', 'ship']);
    expect(response.body.rejections).toEqual([
      { reason: 'illegal_transition', count: 2 },
      { reason: 'wrong_station', count: 1 },
    ]);
    expect(response.body.rejectionsTotal).toBe(3);
    // Four hours back the failure, the rework and both first starts are outside the window.
    const recent = (await client.get<PerformanceView>('/v1/sites/site-a/performance?windowHours=4')).body;
    expect(recent.stages.find((stage) => stage.stage === 'burn_in')).toMatchObject({
      cycleTime: { count: 0 },
      reworkStarted: 0,
    });
  });

  // The two panels used to count first-pass yield with two queries, and RK-A and RK-B (history but no rack row)
  // counted on this one and not on the quality panel. One query and one domain function now serve both.
  it('gives the same first-pass yield as the quality panel for the same site and window', async () => {
    const performance = (await client.get<PerformanceView>('/v1/sites/site-a/performance?windowHours=24'))
      .body;
    const from = encodeURIComponent(performance.window.from);
    const quality = await client.get<QualityFailuresView>(`/v1/quality/failures?site=site-a&from=${from}`);
    expect(quality.status).toBe(200);
    const panel = quality.body.firstPassYield.byStage.find((stage) => stage.stage === 'burn_in');
    expect({
      tested: panel?.tested,
      passedFirstTime: panel?.passedFirstTime,
      yield: panel?.firstPassYield,
    }).toEqual(performance.stages.find((stage) => stage.stage === 'burn_in')?.firstPass);
  });

  it('answers 404 for an unknown site, 400 for a bad window, 401 without a token', async () => {
    expect((await client.get('/v1/sites/site-z/progress')).status).toBe(404);
    const bad = await client.get<{ errors: { path: string }[] }>(
      '/v1/sites/site-a/performance?windowHours=0',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.path)).toEqual(['windowHours']);
    expect((await client.get('/v1/sites/site-a/wip', null)).status).toBe(401);
  });
});
