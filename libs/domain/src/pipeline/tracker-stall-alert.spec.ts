import { describe, expect, it } from '@jest/globals';
import type { AlertTrack } from '../throughput/alert-lifecycle.js';
import type { PartitionProgress } from './partition-stall.js';
import {
  composeTrackerStallMessage,
  reconcileTrackerStalls,
  trackerStallObservations,
  type OpenPipelineAlert,
} from './tracker-stall-alert.js';

const NOW = new Date('2026-12-05T10:00:00Z');
const LIMIT = 60;
const WATCHED = { topic: 'station-events', consumerGroup: 'rack-tracker' };
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const progress = (
  partition: number,
  nextOffset: number,
  highWatermark: number,
  secondsAgo: number,
): PartitionProgress => ({
  partition,
  nextOffset: BigInt(nextOffset),
  highWatermark: BigInt(highWatermark),
  lastProgressAt: ago(secondsAgo),
});
const FIRING: AlertTrack = {
  status: 'firing',
  severity: 'critical',
  peakSeverity: 'critical',
  pendingSince: ago(600),
  firedAt: ago(600),
  lastNotifiedAt: ago(600),
};
const open = (partition: number, track: AlertTrack = FIRING): OpenPipelineAlert => ({
  id: `a${partition}`,
  rule: 'tracker_stalled',
  subject: String(partition),
  track,
});

describe('trackerStallObservations', () => {
  it('observes every partition: stalled ones breach with their stall, the rest are clear', () => {
    const observations = trackerStallObservations(
      [progress(3, 100, 104, 90), progress(4, 7, 7, 3600), progress(5, 10, 20, 5)],
      WATCHED,
      NOW,
      LIMIT,
    );
    expect(observations.map((observation) => [observation.subject, observation.breach])).toEqual([
      ['3', 1.5],
      ['4', 0],
      ['5', 0],
    ]);
    expect(observations[0].detail).toEqual({
      rule: 'tracker_stalled',
      partition: 3,
      offset: '100',
      lag: '4',
      stalledSeconds: 90,
      limitSeconds: 60,
    });
    expect(observations[1].detail).toBeNull();
    expect(observations[2].figures).toEqual({
      topic: 'station-events',
      consumerGroup: 'rack-tracker',
      partition: 5,
      nextOffset: '10',
      highWatermark: '20',
      lag: '10',
      secondsSinceProgress: 5,
    });
  });

  it('keeps offsets beyond 2^53 exact', () => {
    const big = 2n ** 60n;
    const [observation] = trackerStallObservations(
      [{ partition: 0, nextOffset: big, highWatermark: big + 2n, lastProgressAt: ago(61) }],
      WATCHED,
      NOW,
      LIMIT,
    );
    expect(observation.detail?.offset).toBe(big.toString());
    expect(observation.figures.highWatermark).toBe((big + 2n).toString());
  });
});

describe('reconcileTrackerStalls', () => {
  const decide = (partitions: PartitionProgress[], alerts: OpenPipelineAlert[], now = NOW) =>
    reconcileTrackerStalls(alerts, trackerStallObservations(partitions, WATCHED, now, LIMIT), now).map(
      (decision) => [
        decision.subject,
        decision.alertId,
        decision.notification,
        decision.next?.status ?? null,
      ],
    );

  it('fires at once, critical, for a partition stalled past the limit; nothing for the others', () => {
    const [decision] = reconcileTrackerStalls(
      [],
      trackerStallObservations([progress(7, 100, 101, 61), progress(8, 0, 0, 999)], WATCHED, NOW, LIMIT),
      NOW,
    );
    expect(decision).toMatchObject({
      subject: '7',
      alertId: null,
      notification: 'firing',
      next: { status: 'firing', severity: 'critical', firedAt: NOW },
    });
  });

  it('stays quiet while it is still stalled, and resolves once the partition moves', () => {
    expect(decide([progress(7, 100, 101, 300)], [open(7)])).toEqual([['7', 'a7', null, 'firing']]);
    expect(decide([progress(7, 101, 101, 1)], [open(7)])).toEqual([['7', 'a7', 'resolved', null]]);
    // Moved, with more waiting behind: not stalled any more, so resolved as well.
    expect(decide([progress(7, 150, 400, 2)], [open(7)])).toEqual([['7', 'a7', 'resolved', null]]);
  });

  it('resolves an alert whose partition is not reported any more', () => {
    expect(decide([progress(1, 0, 0, 0)], [open(7)])).toEqual([['7', 'a7', 'resolved', null]]);
  });

  it('reminds hourly while the stall lasts', () => {
    const notifiedLongAgo = { ...FIRING, lastNotifiedAt: ago(3601) };
    expect(decide([progress(7, 100, 101, 4000)], [open(7, notifiedLongAgo)])).toEqual([
      ['7', 'a7', 'reminder', 'firing'],
    ]);
  });
});

describe('composeTrackerStallMessage', () => {
  const [stalled] = trackerStallObservations([progress(7, 1234, 1240, 75)], WATCHED, NOW, LIMIT);
  const base = {
    alertId: '42',
    subject: '7',
    severity: 'critical' as const,
    occurredAt: NOW,
    dashboardUrl: 'http://dashboard.test/',
  };

  it('names the partition and the offset it is stuck at, with the shared stall sentence', () => {
    const message = composeTrackerStallMessage({
      ...base,
      notification: 'firing',
      detail: stalled.detail,
      figures: stalled.figures,
    });
    expect(message.title).toBe('Tracker stalled on partition 7 at offset 1234');
    expect(message.summary).toBe(
      'Tracker stalled on partition 7 at offset 1234 (6 waiting, no progress for 75 s). ' +
        'Events on this partition are accepted at ingest but not applied until it moves.',
    );
    expect(message).toMatchObject({
      rule: 'tracker_stalled',
      siteId: null,
      outlook: null,
      severity: 'critical',
    });
    expect(message.facts).toEqual([
      { label: 'Severity', value: 'critical' },
      { label: 'Partition', value: '7' },
      { label: 'Stuck at offset', value: '1234' },
      { label: 'Waiting', value: '6 messages' },
      { label: 'No progress for', value: '75 s (limit 60 s)' },
      { label: 'Topic', value: 'station-events' },
      { label: 'Consumer group', value: 'rack-tracker' },
    ]);
  });

  it('says where the partition has moved to when it resolves', () => {
    const [moving] = trackerStallObservations([progress(7, 1240, 1240, 1)], WATCHED, NOW, LIMIT);
    const message = composeTrackerStallMessage({
      ...base,
      notification: 'resolved',
      detail: stalled.detail,
      figures: moving.figures,
    });
    expect(message.title).toBe('Resolved: Tracker stalled on partition 7 at offset 1234');
    expect(message.summary).toBe(
      'Partition 7 is moving again: the tracker is at offset 1240 with 0 waiting.',
    );
    expect(message.facts).toContainEqual({ label: 'Now at offset', value: '1240' });
  });

  it('prefixes reminders', () => {
    const message = composeTrackerStallMessage({
      ...base,
      notification: 'reminder',
      detail: stalled.detail,
      figures: stalled.figures,
    });
    expect(message.title).toBe('Still firing: Tracker stalled on partition 7 at offset 1234');
  });
});
