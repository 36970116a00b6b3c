import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { generateLineMessages } from '../support/line-events.js';
import {
  appliedCount,
  databaseSnapshot,
  produceStationMessages,
  referenceReplay,
} from '../support/pipeline.js';
import { startService, type RunningService } from '../support/service-process.js';
import { judgeAnnouncements, readRackTransitions, transitionHistory, unrelayedTransitions } from '#testing';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';

describe('tracker: exactly once in effect across crashes and scale-out', () => {
  let database: TestDatabase;
  let prefix: string;
  let env: Record<string, string>;
  const trackers: RunningService[] = [];

  beforeEach(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('resilience'), createTestTopics()]);
    // Small chunks make "mid-batch" a wide window: many transactions per partition, each a place to die.
    env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
      TRACKER_CHUNK_SIZE: '25',
    };
  });

  afterEach(async () => {
    await Promise.all(trackers.splice(0).map((tracker) => tracker.kill()));
    await database.drop();
  });

  it('after kill -9 mid-batch and a restart, every rack equals a reference replay of the produced events', async () => {
    const messages = generateLineMessages({ racks: 400, seed: 42, serialPrefix: 'RK-CRASH' });
    await produceStationMessages(prefix, messages);
    const first = await startService('tracker', env);
    trackers.push(first);

    // Kill once work is under way, then read what the dead process left committed: it must be some of the
    // events but not all, or the kill did not land in the middle of the run and proves nothing.
    await expectEventually(
      async () => expect(await appliedCount(database)).toBeGreaterThan(messages.length * 0.1),
      { intervalMs: 20 },
    );
    await first.kill();
    const appliedAfterKill = await appliedCount(database);
    expect(appliedAfterKill).toBeGreaterThan(0);
    expect(appliedAfterKill).toBeLessThan(messages.length);

    const restarted = await startService('tracker', env);
    trackers.push(restarted);
    await expectEventually(async () => expect(await appliedCount(database)).toBe(messages.length), {
      timeoutMs: 90000,
      intervalMs: 250,
    });
    // The rest was applied by the restarted process itself, from the offsets the killed one committed.
    expect(await eventsHandledBy(restarted)).toBeGreaterThan(0);

    const expected = referenceReplay(messages);
    const actual = await databaseSnapshot(database);
    expect(actual.racks).toHaveLength(400);
    expect(actual).toEqual(expected);
    const [{ duplicates }] = await database.query<{ duplicates: string }>(
      'SELECT count(*) - count(DISTINCT event_id) AS duplicates FROM recorded_station_event',
    );
    expect(Number(duplicates)).toBe(0);

    // What consumers of rack-transitions saw across the crash: every transition, in each rack's order.
    await expectEventually(async () => expect(await unrelayedTransitions(database)).toBe(0));
    const announcements = judgeAnnouncements(
      await transitionHistory(database),
      await readRackTransitions(testKafka(), prefix),
    );
    expect(announcements).toMatchObject({ lost: [], unexpected: [], reordered: [] });
  });

  it('two tracker processes share the partitions and reach the same result as one', async () => {
    const messages = generateLineMessages({ racks: 300, seed: 9, serialPrefix: 'RK-PAIR' });
    trackers.push(await startService('tracker', env), await startService('tracker', env));
    // Both must hold partitions before the work arrives, or the first can apply it all while the second is
    // still joining, and "both took part" would depend on timing.
    await bothTrackersInTheGroup(env.TRACKER_CONSUMER_GROUP);
    await produceStationMessages(prefix, messages);
    await expectEventually(async () => expect(await appliedCount(database)).toBe(messages.length), {
      timeoutMs: 90000,
      intervalMs: 250,
    });

    const [{ count }] = await database.query<{ count: string }>(
      'SELECT count(DISTINCT partition) AS count FROM consumer_offset',
    );
    expect(Number(count)).toBe(12);
    expect(await databaseSnapshot(database)).toEqual(referenceReplay(messages));
    // Both processes took part: each applied a share of the events.
    const applied = await Promise.all(
      trackers.map(async (tracker) => {
        const metrics = await (await fetch(`${tracker.url}/metrics`)).text();
        return Number(/tracker_events_total\{[^}]*outcome="accepted"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
      }),
    );
    expect(applied.every((count) => count > 0)).toBe(true);

    // Two relays, one database: the advisory lock lets one publish at a time, and nothing goes twice or missing.
    await expectEventually(async () => expect(await unrelayedTransitions(database)).toBe(0));
    const announcements = judgeAnnouncements(
      await transitionHistory(database),
      await readRackTransitions(testKafka(), prefix),
    );
    expect(announcements).toMatchObject({ lost: [], unexpected: [], reordered: [], redelivered: 0 });
  });
});

/** Events a tracker process has applied (accepted, duplicate or rejected), from its own /metrics. */
async function eventsHandledBy(tracker: RunningService): Promise<number> {
  const metrics = await (await fetch(`${tracker.url}/metrics`)).text();
  return [...metrics.matchAll(/^tracker_events_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

async function bothTrackersInTheGroup(groupId: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await expectEventually(
      async () => {
        const {
          groups: [group],
        } = await admin.describeGroups([groupId]);
        expect(group.state).toBe('Stable');
        expect(group.members).toHaveLength(2);
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}
