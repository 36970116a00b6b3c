import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOPICS } from '#contracts';
import { REPO_ROOT, unrelayedTransitions } from '#testing';
import { expectEventually } from '../support/expect-eventually.js';
import { generateLineMessages, stationEventMessage } from '../support/line-events.js';
import { appliedCount, produceStationMessages } from '../support/pipeline.js';
import { startService, type RunningService } from '../support/service-process.js';
import {
  createTestDatabase,
  createTestTopics,
  databaseUrl,
  KAFKA_BROKERS,
  testKafka,
  uniqueName,
  withAdminClient,
  type TestDatabase,
} from '../support/stack.js';

const run = promisify(execFile);
const REBUILD = resolve(REPO_ROOT, 'dist/apps/tracker/src/cli/rebuild.js');

interface DriftReportFile {
  events: number;
  copied: Record<string, number>;
  drift: {
    totals: { inBoth: number; agree: number; differ: number; onlyLive: number; onlyRebuilt: number };
    differing: { serial: string; fields: { field: string; live: unknown; rebuilt: unknown }[] }[];
  };
}

/** The high watermarks of a topic, all partitions summed: how many messages it ever received. */
async function messagesOn(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * `npm run rebuild`: the live tracker applies a line's events (a route of its own for one model, events it
 * refuses, a message that is not JSON at all); the rebuild replays the same log into a fresh database through
 * the tracker's own use case, agrees with live rack for rack, refuses what live refused, and announces nothing.
 */
describe('rebuild: a database rebuilt from station-events agrees with the live one', () => {
  let live: TestDatabase;
  let prefix: string;
  let tracker: RunningService | undefined;
  const target = uniqueName('rebuilt');
  const reports = mkdtempSync(join(tmpdir(), 'rebuild-'));
  const env = () => ({
    PATH: process.env.PATH ?? '',
    DATABASE_URL: live.url,
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    TRACKER_CONSUMER_GROUP: `g-${prefix}`,
  });

  async function rebuild(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [REBUILD, '--into', target, ...args], {
        cwd: REPO_ROOT,
        env: env(),
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  async function onTarget<R>(sql: string): Promise<R[]> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl(target) });
    await client.connect();
    try {
      return (await client.query(sql)).rows as R[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    [live, prefix] = await Promise.all([createTestDatabase('rebuild_live'), createTestTopics()]);
    // Configuration only live has: a model whose route skips burn-in. Rebuilt without it, those racks would
    // take the default route and differ.
    await live.query(
      `INSERT INTO rack_route (model, stages, required_slots) VALUES ('short', ARRAY['assembly', 'qa', 'ship'], '{}')`,
    );
    await live.query(
      `INSERT INTO supplier (supplier_id, name, country) VALUES ('SUP-R', 'Rebuild Parts', 'NL')`,
    );
    tracker = await startService('tracker', {
      DATABASE_URL: live.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    });
    const line = generateLineMessages({ racks: 24, seed: 11, serialPrefix: 'RK-RB', illegalRate: 0.2 });
    const start = Date.now() - 3_600_000;
    const short = [0, 1, 2].flatMap((rack) =>
      ['assembly', 'qa'].flatMap((stage, index) => [
        stationEventMessage(`RK-SHORT-${rack}`, start + rack * 10_000 + index * 2000, {
          stage,
          type: 'started',
          rackModel: 'short',
        }),
        stationEventMessage(`RK-SHORT-${rack}`, start + rack * 10_000 + index * 2000 + 1000, {
          stage,
          type: 'passed',
          rackModel: 'short',
        }),
      ]),
    );
    await produceStationMessages(prefix, [...line, ...short]);
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${TOPICS.stationEvents.name}`,
      acks: -1,
      messages: [{ key: 'RK-POISON-1', value: '{"this is": not json' }],
    });
    await producer.disconnect();
    const total = line.length + short.length + 1;
    await expectEventually(async () => expect(await appliedCount(live)).toBe(total), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    // Live has announced all it will: from here on the topics' watermarks must not move.
    await expectEventually(async () => expect(await unrelayedTransitions(live)).toBe(0));
    await tracker.stop();
    tracker = undefined;
  });

  afterAll(async () => {
    await tracker?.stop();
    await live?.drop();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`));
  });

  it('rebuilds into a fresh database with no drift, refusing what live refused and publishing nothing', async () => {
    const announced = await messagesOn(`${prefix}${TOPICS.rackTransitions.name}`);
    const deadLettered = await messagesOn(`${prefix}${TOPICS.stationEventsDeadLetter.name}`);
    expect(announced).toBeGreaterThan(0);
    expect(deadLettered).toBeGreaterThan(0);
    const report = join(reports, 'first.json');

    const result = await rebuild('--report', report);

    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('no drift');
    expect(result.stdout).toMatch(/^events \d+, seconds [\d.]+, events\/s \d+$/m);
    expect(result.stderr).toMatch(/replayed \d+\/\d+ events/);
    const written = JSON.parse(readFileSync(report, 'utf8')) as DriftReportFile;
    const [{ racks }] = await live.query<{ racks: string }>('SELECT count(*) AS racks FROM rack');
    expect(written.drift.totals).toEqual({
      inBoth: Number(racks),
      agree: Number(racks),
      differ: 0,
      onlyLive: 0,
      onlyRebuilt: 0,
    });
    expect(written.copied).toMatchObject({ rack_route: 1, supplier: 1 });
    expect(written.events).toBe(await appliedCount(live));

    // Refused alike: the same refusals, at the same positions, for the same reasons (the poison among them).
    const refusals = 'SELECT kafka_partition, kafka_offset, reason FROM rejection ORDER BY 1, 2';
    const rebuiltRefusals = await onTarget<{ reason: string }>(refusals);
    expect(rebuiltRefusals).toEqual(await live.query(refusals));
    expect(rebuiltRefusals.length).toBeGreaterThan(1);
    expect(
      await onTarget(`SELECT reason FROM rejection WHERE raw IS NOT NULL OR payload::text LIKE '%not json%'`),
    ).toHaveLength(1);
    // Nothing announced, nothing dead-lettered, nothing left for a tracker on this database to announce.
    expect(await messagesOn(`${prefix}${TOPICS.rackTransitions.name}`)).toBe(announced);
    expect(await messagesOn(`${prefix}${TOPICS.stationEventsDeadLetter.name}`)).toBe(deadLettered);
    expect(await onTarget('SELECT 1 FROM outbox_message')).toHaveLength(0);
    expect(
      await onTarget(
        `SELECT 1 FROM rack_transition t, rack_transition_relay_cursor c
          WHERE c.relay = 'rack-transitions' AND (t.written_by_xid, t.id) > (c.last_xid, c.last_id)`,
      ),
    ).toHaveLength(0);
    // A tracker of the live group started on the rebuilt database would skip what the replay applied.
    const offsets = `SELECT partition, next_offset FROM consumer_offset WHERE consumer_group = 'g-${prefix}' ORDER BY 1`;
    expect(await onTarget(offsets)).toEqual(await live.query(offsets));
  });

  it('refuses a target that already holds racks, unless forced', async () => {
    const result = await rebuild();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already holds \d+ racks; pass --force/);
  });

  it('names a rack whose state differs, with what differs, and exits 1', async () => {
    await live.query(`UPDATE rack SET rework_count = rework_count + 3 WHERE serial = 'RK-RB-000004'`);
    const report = join(reports, 'tampered.json');

    const result = await rebuild('--force', '--report', report);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/differ 1,/);
    expect(result.stdout).toMatch(/differs RK-RB-000004: reworkCount live \d+ rebuilt \d+/);
    expect(result.stdout).toContain('drift found');
    const written = JSON.parse(readFileSync(report, 'utf8')) as DriftReportFile;
    expect(written.drift.differing).toEqual([
      { serial: 'RK-RB-000004', fields: [expect.objectContaining({ field: 'reworkCount' })] },
    ]);
  });
});
