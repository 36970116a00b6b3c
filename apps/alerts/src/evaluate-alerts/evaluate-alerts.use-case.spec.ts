import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '#platform';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import type { Repositories } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { SiteThroughputReader } from '#persistence';
import { AlertTables, fakeUnitOfWork, strict, webhookRow } from '../testing/alert-tables.fixture.js';
import { EvaluateAlertsUseCase } from './evaluate-alerts.use-case.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday noon: 357 of 1,000 expected under the defaults

/** The tables the round touches, in memory; any repository method the round was not expected to call throws. */
class FakeDatabase extends AlertTables {
  completed = 0;

  constructor() {
    super(NOW, [
      webhookRow('slack-all', 'slack', NOW),
      webhookRow('generic-critical', 'generic', NOW, { minSeverity: 'critical' }),
      webhookRow('teams-other-site', 'teams', NOW, { siteIds: ['site-2'] }),
    ]);
  }

  repositories(): Repositories {
    return {
      siteTargets: strict('siteTargets', {
        listSiteIds: async () => ['site-1'],
        find: async () => null,
        findRevisions: async () => [],
        findRuleOverrides: async () => ({
          siteId: 'site-1',
          overrides: {
            projectedMiss: { enabled: false },
            stageStarvation: { enabled: false },
            stuckRack: { enabled: false },
            yieldDrop: { enabled: false },
            behindPlan: { graceMinutes: 0 },
          },
          updatedAt: NOW,
        }),
      }),
      throughput: strict('throughput', {
        countCompletions: async () => ({ completedThisWeek: this.completed, completedInRunRateWindow: 0 }),
        stageOutputs: async () => [],
      }),
      quality: strict('quality', {
        firstOutcomes: async () => [],
        lotFailures: async () => [],
        lotHolders: async () => [],
      }),
      routes: strict('routes', { findByModel: async () => null }),
      // A site without burn-in cells or dwells: the burn-in rules cannot judge it and stay quiet.
      burnInCells: strict('burnInCells', { listForSite: async () => [] }),
      burnInReads: strict('burnInReads', {
        holders: async () => [],
        queue: async () => ({ count: 0, oldestSerial: null, oldestSince: null }),
        pastBurnIn: async () => [],
        measures: async () => ({
          passes: 0,
          failures: 0,
          arrivals: 0,
          downstreamHours: null,
          pullHours: null,
          reworkHours: null,
        }),
        currentDwell: async () => null,
      }),
      alerts: strict('alerts', {
        tryLockSiteEvaluation: async () => true,
        findOpen: async () => this.alerts.filter((alert) => alert.status !== 'resolved'),
        ...this.alertWrites(),
      }),
      ...this.fanOut(),
    } as unknown as Repositories;
  }
}

function subject(database: FakeDatabase, clock: Clock = { now: () => NOW }): EvaluateAlertsUseCase {
  const config = Object.assign(new AlertsConfig(), { DASHBOARD_URL: 'http://dash.example/' });
  const metrics = new AlertsMetrics(new MetricsRegistry('alerts'));
  return new EvaluateAlertsUseCase(
    fakeUnitOfWork(() => database.repositories()),
    new SiteThroughputReader(),
    clock,
    new DashboardLink(config),
    metrics,
    config,
  );
}

describe('EvaluateAlertsUseCase (pinned clock, in-memory repositories)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('announces a breach once, stays quiet while it holds, and announces the recovery', async () => {
    const database = new FakeDatabase();
    const sut = subject(database);

    // 0 of 357 expected: 100 % behind, past the 15 % escalation line, so it fires critical at once.
    expect(await sut.execute()).toEqual({
      sites: 1,
      skipped: 0,
      failed: 0,
      notifications: 1,
      deliveriesQueued: 2,
    });
    expect(database.alerts).toMatchObject([
      {
        id: '1',
        rule: 'behind_plan',
        siteId: 'site-1',
        subject: '',
        status: 'firing',
        severity: 'critical',
        firedAt: NOW,
      },
    ]);
    expect(database.events).toMatchObject([
      { alertId: '1', kind: 'firing', severity: 'critical', title: 'Behind plan at site-1' },
    ]);
    expect(
      database.deliveries.map((delivery) => [delivery.webhookId, delivery.alertEventId, delivery.noticeType]),
    ).toEqual([
      ['slack-all', '100', 'alert.firing'],
      ['generic-critical', '100', 'alert.firing'],
    ]);
    expect(JSON.parse(database.deliveries[1].body)).toMatchObject({
      id: 'alert-event-100',
      dashboardUrl: 'http://dash.example/?site=site-1',
    });

    expect(await sut.execute()).toMatchObject({ notifications: 0, deliveriesQueued: 0 });
    expect(database.events).toHaveLength(1);

    database.completed = 400;
    expect(await sut.execute()).toMatchObject({ notifications: 1, deliveriesQueued: 2 });
    expect(database.alerts[0]).toMatchObject({ status: 'resolved', resolvedAt: NOW });
    expect(database.events.map((event) => event.kind)).toEqual(['firing', 'resolved']);
    // The critical-only channel heard the alert, so it hears the resolve too.
    expect(database.deliveries.slice(2).map((delivery) => [delivery.webhookId, delivery.noticeType])).toEqual(
      [
        ['slack-all', 'alert.resolved'],
        ['generic-critical', 'alert.resolved'],
      ],
    );
  });

  it('tells chat once that a firing alert went unacknowledged past its escalation time, and never an acknowledged one', async () => {
    const database = new FakeDatabase();
    let now = NOW;
    const sut = subject(database, { now: () => now });
    await sut.execute();
    expect(database.events.map((event) => event.kind)).toEqual(['firing']);

    now = new Date(NOW.getTime() + 14 * 60_000);
    expect(await sut.execute()).toMatchObject({ deliveriesQueued: 0 });

    now = new Date(NOW.getTime() + 15 * 60_000);
    expect(await sut.execute()).toMatchObject({ deliveriesQueued: 2 });
    expect(database.events.map((event) => [event.kind, event.title])).toEqual([
      ['firing', 'Behind plan at site-1'],
      ['unacknowledged', 'Unacknowledged for 15 min: Behind plan at site-1'],
    ]);
    expect(database.deliveries.slice(2).map((delivery) => [delivery.webhookId, delivery.noticeType])).toEqual(
      [
        ['slack-all', 'alert.unacknowledged'],
        ['generic-critical', 'alert.unacknowledged'],
      ],
    );

    now = new Date(NOW.getTime() + 40 * 60_000);
    expect(await sut.execute()).toMatchObject({ deliveriesQueued: 0 });
    expect(database.events).toHaveLength(2);

    // A second alert, acknowledged in time, is never escalated.
    const acknowledged = new FakeDatabase();
    now = NOW;
    const other = subject(acknowledged, { now: () => now });
    await other.execute();
    acknowledged.alerts[0] = { ...acknowledged.alerts[0], acknowledgedBy: 'Dana', acknowledgedAt: now };
    now = new Date(NOW.getTime() + 30 * 60_000);
    expect(await other.execute()).toMatchObject({ deliveriesQueued: 0 });
    expect(acknowledged.events.map((event) => event.kind)).toEqual(['firing']);
  });
});
