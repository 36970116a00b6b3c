import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { MetricsRegistry } from '#platform';
import type { NewAlertEventRow, NewAlertRow, NewDeliveryRow, StoredAlert, StoredWebhook } from '#persistence';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import type { Repositories, UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { SiteThroughputReader } from '#persistence';
import { EvaluateAlertsUseCase } from './evaluate-alerts.use-case.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday noon: 357 of 1,000 expected under the defaults

const webhook = (id: string, kind: string, overrides: Partial<StoredWebhook> = {}): StoredWebhook => ({
  id,
  name: id,
  url: `https://chat.example/${id}`,
  kind,
  secret: kind === 'generic' ? 'sixteen-chars-secret' : null,
  siteIds: [],
  minSeverity: 'info',
  createdAt: NOW,
  deletedAt: null,
  ...overrides,
});

/** The tables the round touches, in memory; any repository method the round was not expected to call throws. */
class FakeDatabase {
  completed = 0;
  alerts: StoredAlert[] = [];
  events: (NewAlertEventRow & { id: string })[] = [];
  deliveries: NewDeliveryRow[] = [];
  webhooks = [
    webhook('slack-all', 'slack'),
    webhook('generic-critical', 'generic', { minSeverity: 'critical' }),
    webhook('teams-other-site', 'teams', { siteIds: ['site-2'] }),
  ];

  repositories(): Repositories {
    const strict = <T extends object>(name: string, methods: T): T =>
      new Proxy(methods, {
        get: (target, property) => {
          if (property in target) return target[property as keyof T];
          throw new Error(`unexpected call ${name}.${String(property)}`);
        },
      });
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
        firstPassCounts: async () => [],
      }),
      routes: strict('routes', { findByModel: async () => null }),
      alerts: strict('alerts', {
        tryLockSiteEvaluation: async () => true,
        findOpen: async () => this.alerts.filter((alert) => alert.status !== 'resolved'),
        insert: async (row: NewAlertRow) => {
          const id = String(this.alerts.length + 1);
          this.alerts.push({ ...row, id, createdAt: NOW, updatedAt: NOW });
          return id;
        },
        update: async (id: string, row: Partial<StoredAlert>) => {
          const index = this.alerts.findIndex((alert) => alert.id === id);
          this.alerts[index] = { ...this.alerts[index], ...row };
        },
        insertEvent: async (row: NewAlertEventRow) => {
          const id = String(100 + this.events.length);
          this.events.push({ ...row, id });
          return id;
        },
      }),
      webhooks: strict('webhooks', { findActive: async () => this.webhooks }),
      deliveries: strict('deliveries', {
        enqueue: async (rows: NewDeliveryRow[]) => {
          this.deliveries.push(...rows);
          return rows.length;
        },
      }),
    } as unknown as Repositories;
  }
}

function subject(database: FakeDatabase): EvaluateAlertsUseCase {
  const uow = {
    get pool() {
      return database.repositories();
    },
    write: <T>(work: (repositories: Repositories) => Promise<T>) => work(database.repositories()),
  };
  const config = Object.assign(new AlertsConfig(), { DASHBOARD_URL: 'http://dash.example/' });
  const metrics = new AlertsMetrics({
    counter: () => ({ inc: () => undefined }),
    histogram: () => ({}),
    registry: new Registry(),
  } as unknown as MetricsRegistry);
  const clock: Clock = { now: () => NOW };
  return new EvaluateAlertsUseCase(
    uow as unknown as UnitOfWork,
    new SiteThroughputReader(),
    clock,
    new DashboardLink(config),
    metrics,
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
});
