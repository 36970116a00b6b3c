import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TOPICS } from '#contracts';
import { createDataSource, RackTransitionRelayRepository, type Queryable } from '#persistence';
import { judgeAnnouncements, readRackTransitions, transitionHistory, unrelayedTransitions } from '#testing';
import { expectEventually } from '../support/expect-eventually.js';
import { generateLineMessages } from '../support/line-events.js';
import { appliedCount, produceStationMessages } from '../support/pipeline.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';

/** Messages on the suite's rack-transitions, all partitions. */
async function announcedCount(prefix: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(`${prefix}${TOPICS.rackTransitions.name}`);
    return offsets.reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function heldSeconds(tracker: RunningService): Promise<number> {
  const metrics = await (await fetch(`${tracker.url}/metrics`)).text();
  return Number(/^tracker_transition_relay_held_seconds(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1] ?? 0);
}

describe('tracker: rack-transitions published from the transition rows, in commit-safe order', () => {
  let database: TestDatabase;
  let prefix: string;
  let tracker: RunningService;

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('relay'), createTestTopics()]);
    tracker = await startService('tracker', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
      TRANSITION_RELAY_HOLD_WARN_SECONDS: '1',
    });
  });

  afterAll(async () => {
    await tracker?.stop();
    await database?.drop();
  });

  it('relays a transaction that took its ids first and committed last, and nothing overtakes it', async () => {
    // Another writer's transaction (a second tracker's chunk, say) takes a transition id and stays open.
    const late = new pg.Client({ connectionString: database.url, application_name: 'late-writer' });
    await late.connect();
    const lateEventId = randomUUID();
    try {
      await late.query('BEGIN');
      await late.query(
        `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                      site_id, occurred_at, model, line_id, rework_count)
         VALUES ('RK-LATE-1', $1, 'started', 'assembly', 'assembly', 'in_progress', 'ST-ASM-01', 'fab-a',
                 now(), 'default', 'a1', 0)`,
        [lateEventId],
      );

      // Meanwhile the tracker applies and commits later transitions, with higher ids.
      const messages = generateLineMessages({ racks: 20, seed: 17, serialPrefix: 'RK-EARLY' });
      await produceStationMessages(prefix, messages);
      await expectEventually(async () => expect(await appliedCount(database)).toBe(messages.length), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      // A relay following ids would publish them now and step past the open transaction's row for good. This
      // one sees committed rows waiting behind it, says so, and publishes none of them yet.
      await expectEventually(async () => expect(await heldSeconds(tracker)).toBeGreaterThan(0));
      expect(await announcedCount(prefix)).toBe(0);
      // Held over the warning threshold, the tracker names the transaction holding it.
      await expectEventually(() =>
        expect(tracker.logs.join('\n')).toMatch(/rack-transitions held back.*late-writer/),
      );

      await late.query('COMMIT');
    } finally {
      await late.end();
    }

    await expectEventually(async () => expect(await unrelayedTransitions(database)).toBe(0));
    const announced = await readRackTransitions(testKafka(), prefix);
    const verdict = judgeAnnouncements(await transitionHistory(database), announced);
    expect(verdict).toMatchObject({ lost: [], unexpected: [], reordered: [], redelivered: 0 });
    expect(announced.map(({ value }) => value.eventId)).toContain(lateEventId);
    await expectEventually(async () => expect(await heldSeconds(tracker)).toBe(0));
  });

  it('announces everything a transition message promises, from the row alone', async () => {
    const [rack] = generateLineMessages({ racks: 1, seed: 3, serialPrefix: 'RK-FIELDS' }).slice(0, 1);
    await produceStationMessages(prefix, [rack]);
    await expectEventually(async () => {
      const announced = await readRackTransitions(testKafka(), prefix);
      const mine = announced.find(({ value }) => value.eventId === rack.event.eventId);
      expect(mine?.value).toEqual({
        schemaVersion: 1,
        eventId: rack.event.eventId,
        rackSerial: rack.event.rackSerial,
        model: rack.event.rackModel ?? 'default',
        siteId: rack.station.siteId,
        lineId: rack.station.lineId,
        stationId: rack.event.stationId,
        eventType: rack.event.type,
        stage: rack.event.stage,
        from: null,
        to: { stage: rack.event.stage, status: 'in_progress' },
        occurredAt: new Date(rack.event.occurredAt).toISOString(),
        reworkCount: 0,
      });
    });
  });
});

describe('rack-transitions relays of several trackers take turns', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('relay_turns');
    dataSource = createDataSource({ databaseUrl: database.url, applicationName: 'relay-turns', poolSize: 4 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function addTransitions(serial: string, count: number): Promise<string[]> {
    const eventIds = Array.from({ length: count }, () => randomUUID());
    await database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                    site_id, occurred_at, model, line_id, rework_count)
       SELECT $1, id, 'started', 'assembly', 'assembly', 'in_progress', 'ST-ASM-01', 'fab-a', now(), 'default',
              'a1', 0
         FROM unnest($2::uuid[]) WITH ORDINALITY AS e(id, n) ORDER BY n`,
      [serial, eventIds],
    );
    return eventIds;
  }

  it('lets one relay publish at a time, and the next starts after what the first published', async () => {
    const first = new RackTransitionRelayRepository(dataSource);
    const second = new RackTransitionRelayRepository(dataSource);
    const earlier = await addTransitions('RK-TURNS-1', 3);

    // The first relay is mid-pass: it has read the rows and waits for Kafka's acknowledgement.
    let acknowledge!: () => void;
    const acknowledged = new Promise<void>((resolve) => (acknowledge = resolve));
    let reading!: (eventIds: string[]) => void;
    const read = new Promise<string[]>((resolve) => (reading = resolve));
    const firstPass = first.relayNext(100, async (rows) => {
      reading(rows.map((row) => row.eventId));
      await acknowledged;
    });
    expect(await read).toEqual(earlier);

    // Meanwhile the second publishes nothing and says it was held back, so it looks again soon.
    const published: string[][] = [];
    const publish = async (rows: { eventId: string }[]) => {
      published.push(rows.map((row) => row.eventId));
    };
    expect(await second.relayNext(100, publish)).toEqual({ relayed: 0, heldBack: true });

    acknowledge();
    expect(await firstPass).toEqual({ relayed: 3, heldBack: false });
    // Once the first has moved the cursor, the second starts after it: no row goes out twice.
    const later = await addTransitions('RK-TURNS-1', 2);
    expect(await second.relayNext(100, publish)).toEqual({ relayed: 2, heldBack: false });
    expect(published).toEqual([later]);
  });
});

describe('a relay far behind (a long hold released, a restart after a backlog)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('relay_backlog');
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function addCommittedTransitions(count: number): Promise<void> {
    await database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                    site_id, occurred_at, model, line_id, rework_count)
       SELECT 'RK-BACKLOG-' || (n / 10), gen_random_uuid(), 'started', 'assembly', 'assembly', 'in_progress',
              'ST-ASM-01', 'fab-a', now(), 'default', 'a1', 0
         FROM generate_series(1, $1::int) AS n`,
      [count],
    );
  }

  /** Pages one pass's read touches (EXPLAIN ANALYZE of the very statement relayNext sends). */
  async function pagesOfOnePass(): Promise<number> {
    const statements: { sql: string; parameters: unknown[] }[] = [];
    // The repository's transaction, answered by a recorder: the pass reads nothing and publishes nothing.
    const recording = {
      transaction: <T>(work: (manager: Queryable) => Promise<T>) =>
        work({
          query: async <R>(sql: string, parameters: unknown[] = []) => {
            statements.push({ sql, parameters });
            return (sql.includes('EXISTS') ? [{ exists: true }] : []) as R;
          },
        }),
    } as unknown as DataSource;
    await new RackTransitionRelayRepository(recording).relayNext(100, async () => undefined);
    const [read] = statements;
    const [{ 'QUERY PLAN': plan }] = await database.query<{
      'QUERY PLAN': [{ Plan: Record<string, number> }];
    }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${read!.sql}`, read!.parameters);
    return plan[0].Plan['Shared Hit Blocks']! + plan[0].Plan['Shared Read Blocks']!;
  }

  it("reads a pass's rows, and looks for held-back ones, without walking the whole backlog", async () => {
    await addCommittedTransitions(200);
    const behindByTwoHundred = await pagesOfOnePass();
    await addCommittedTransitions(60_000);
    // The look for rows behind an open transaction used to start at the cursor and walk every committed row up
    // to the horizon, on every pass: 60,000 rows behind, a pass of 100 touched 240 pages instead of 14.
    expect(await pagesOfOnePass()).toBeLessThanOrEqual(behindByTwoHundred + 5);
  });
});
