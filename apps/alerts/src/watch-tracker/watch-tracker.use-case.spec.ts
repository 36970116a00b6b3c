import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { PartitionWatermarks } from '#domain';
import { ConsumerOffsetRepository, type Queryable, type Repositories } from '#persistence';
import { MetricsRegistry } from '#platform';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import type { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import type { TopicWatermarks } from '#messaging';
import { AlertTables, fakeUnitOfWork, strict, webhookRow } from '../testing/alert-tables.fixture.js';
import { WatchTrackerUseCase } from './watch-tracker.use-case.js';

const START = new Date('2026-12-05T10:00:00Z');

/** Kafka, consumer_offset and the alert tables in memory; a repository method the watch should not call throws. */
class FakePipeline extends AlertTables {
  watermarks: PartitionWatermarks[] = [];
  /** partition → [next offset, when it last advanced] */
  applied = new Map<number, [bigint, Date]>();
  locked = false;

  constructor() {
    super(START, [
      webhookRow('slack-all', 'slack', START),
      webhookRow('generic-critical', 'generic', START, { minSeverity: 'critical' }),
      webhookRow('teams-site-2-only', 'teams', START, { siteIds: ['site-2'] }),
    ]);
  }

  advance(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }

  repositories(): Repositories {
    return {
      db: this.db(),
      consumerOffsets: new ConsumerOffsetRepository(),
      alerts: strict('alerts', {
        tryLockPipelineEvaluation: async () => !this.locked,
        findOpenPipeline: async (rule: string) =>
          this.alerts.filter(
            (alert) => alert.siteId === null && alert.rule === rule && alert.status !== 'resolved',
          ),
        ...this.alertWrites(),
      }),
      ...this.fanOut(),
    } as unknown as Repositories;
  }

  /** What `ConsumerOffsetRepository.appliedPositions` reads, as PostgreSQL would answer it. */
  db(): Queryable {
    return {
      query: async () =>
        [...this.applied].map(([partition, [nextOffset, advancedAt]]) => ({
          partition,
          next_offset: nextOffset.toString(),
          updated_at: advancedAt,
          since_update_ms: this.now.getTime() - advancedAt.getTime(),
        })),
    } as unknown as Queryable;
  }
}

function subject(pipeline: FakePipeline) {
  const config = Object.assign(new AlertsConfig(), {
    DASHBOARD_URL: 'http://dash.example/',
    KAFKA_TOPIC_PREFIX: 'p.',
    TRACKER_STALL_SECONDS: 60,
  });
  const registry = new MetricsRegistry('alerts');
  const watermarks = { read: async () => pipeline.watermarks } as unknown as TopicWatermarks;
  const clock: Clock = { now: () => pipeline.now };
  const useCase = new WatchTrackerUseCase(
    config,
    fakeUnitOfWork(() => pipeline.repositories()),
    watermarks,
    clock,
    new DashboardLink(config),
    new AlertsMetrics(registry),
  );
  const metric = async (name: string) => (await registry.registry.getSingleMetric(name)?.get())?.values ?? [];
  return { useCase, metric };
}

/** A watch that has looked once, and seen `watermarks` on one partition. */
async function firstSeen(watermarks: PartitionWatermarks) {
  const pipeline = new FakePipeline();
  const { useCase } = subject(pipeline);
  pipeline.watermarks = [watermarks];
  await useCase.execute();
  return { pipeline, useCase };
}

describe('WatchTrackerUseCase (pinned clock, in-memory Kafka and repositories)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('announces a stalled partition to every webhook once, site-less, and its resolution when it moves', async () => {
    const pipeline = new FakePipeline();
    const { useCase, metric } = subject(pipeline);
    pipeline.watermarks = [
      { partition: 3, low: 0n, high: 104n },
      { partition: 4, low: 0n, high: 7n },
    ];
    // Partition 3 last moved ten minutes ago; partition 4 is idle, everything applied.
    pipeline.applied.set(3, [100n, new Date(START.getTime() - 600_000)]);
    pipeline.applied.set(4, [7n, new Date(START.getTime() - 600_000)]);

    // First seen waiting now: not stuck yet, however long ago it last moved.
    expect(await useCase.execute()).toEqual({
      partitions: 2,
      stalled: 0,
      notifications: 0,
      deliveriesQueued: 0,
    });
    pipeline.advance(61);
    expect(await useCase.execute()).toEqual({
      partitions: 2,
      stalled: 1,
      notifications: 1,
      deliveriesQueued: 3,
    });

    expect(pipeline.alerts).toMatchObject([
      {
        rule: 'tracker_stalled',
        siteId: null,
        subject: '3',
        status: 'firing',
        severity: 'critical',
        title: 'Tracker stalled on partition 3 at offset 100',
        detail: { partition: 3, offset: '100', lag: '4', stalledSeconds: 61, limitSeconds: 60 },
        figures: {
          topic: 'p.station-events',
          consumerGroup: 'rack-tracker',
          partition: 3,
          nextOffset: '100',
        },
      },
    ]);
    expect(pipeline.events).toMatchObject([{ alertId: '1', kind: 'firing', severity: 'critical' }]);
    // A pipeline alert concerns every site: a webhook limited to one site hears it too.
    expect(pipeline.deliveries.map((delivery) => [delivery.webhookId, delivery.noticeType])).toEqual([
      ['slack-all', 'alert.firing'],
      ['generic-critical', 'alert.firing'],
      ['teams-site-2-only', 'alert.firing'],
    ]);
    expect(JSON.parse(pipeline.deliveries[1].body)).toMatchObject({
      id: 'alert-event-100',
      type: 'alert.firing',
      title: 'Tracker stalled on partition 3 at offset 100',
      outlook: null,
      dashboardUrl: 'http://dash.example/',
      alert: { rule: 'tracker_stalled', siteId: null, subject: '3', detail: { offset: '100' } },
    });
    expect(await metric('alerts_tracker_partitions_stalled')).toMatchObject([{ value: 1 }]);
    expect(await metric('alerts_tracker_partition_lag')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { partition: '3' }, value: 4 }),
        expect.objectContaining({ labels: { partition: '4' }, value: 0 }),
      ]),
    );
    expect(await metric('alerts_tracker_partition_seconds_since_progress')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { partition: '3' }, value: 61 }),
        expect.objectContaining({ labels: { partition: '4' }, value: 0 }),
      ]),
    );

    // Still stuck: nothing new to say.
    pipeline.advance(30);
    expect(await useCase.execute()).toMatchObject({ stalled: 1, notifications: 0 });

    // The tracker catches up.
    pipeline.applied.set(3, [104n, pipeline.now]);
    expect(await useCase.execute()).toEqual({
      partitions: 2,
      stalled: 0,
      notifications: 1,
      deliveriesQueued: 3,
    });
    expect(pipeline.alerts[0]).toMatchObject({ status: 'resolved', resolvedAt: pipeline.now });
    expect(pipeline.events.map((event) => [event.kind, event.title])).toEqual([
      ['firing', 'Tracker stalled on partition 3 at offset 100'],
      ['resolved', 'Resolved: Tracker stalled on partition 3 at offset 100'],
    ]);
    expect(pipeline.events[1].summary).toBe(
      'Partition 3 is moving again: the tracker is at offset 104 with 0 waiting.',
    );
    expect(pipeline.deliveries.slice(3).map((delivery) => delivery.noticeType)).toEqual([
      'alert.resolved',
      'alert.resolved',
      'alert.resolved',
    ]);
    expect(await metric('alerts_tracker_partitions_stalled')).toMatchObject([{ value: 0 }]);
  });

  it('dates a partition the tracker never applied from when it was first seen waiting', async () => {
    const { pipeline, useCase } = await firstSeen({ partition: 0, low: 20n, high: 25n });
    pipeline.advance(60);
    expect(await useCase.execute()).toMatchObject({ stalled: 1, notifications: 1 });
    expect(pipeline.alerts[0]).toMatchObject({
      subject: '0',
      title: 'Tracker stalled on partition 0 at offset 20',
      detail: { lag: '5', stalledSeconds: 60 },
    });
  });

  it('writes nothing while another instance holds the pipeline evaluation lock', async () => {
    const { pipeline, useCase } = await firstSeen({ partition: 0, low: 0n, high: 5n });
    pipeline.advance(120);
    pipeline.locked = true;
    expect(await useCase.execute()).toBeNull();
    expect(pipeline.alerts).toEqual([]);
  });

  it('starts over after losing leadership: a stall is timed again from when it is next seen', async () => {
    const { pipeline, useCase } = await firstSeen({ partition: 0, low: 0n, high: 5n });
    pipeline.advance(120);
    useCase.forget();
    expect(await useCase.execute()).toMatchObject({ stalled: 0, notifications: 0 });
  });
});
