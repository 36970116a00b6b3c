import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Producer } from 'kafkajs';
import { RACK_TRANSITION_SCHEMA_VERSION, TOPICS, type RackTransitionMessage } from '#contracts';
import type { ProgressView, WipView } from '../../apps/api/src/status/site-status.view.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';
import { issueToken, seedRacks } from './api-fixtures.js';
import { openStream, type OpenStream, type StreamEvent } from './sse-client.js';

function transition(overrides: Partial<RackTransitionMessage> = {}): RackTransitionMessage {
  return {
    schemaVersion: RACK_TRANSITION_SCHEMA_VERSION,
    eventId: randomUUID(),
    rackSerial: `RK-${randomUUID().slice(0, 8)}`,
    model: 'default',
    siteId: 'site-a',
    lineId: 'line-1',
    stationId: 'QA-01',
    eventType: 'started',
    stage: 'qa',
    from: { stage: 'burn_in', status: 'passed' },
    to: { stage: 'qa', status: 'in_progress' },
    occurredAt: new Date().toISOString(),
    reworkCount: 0,
    ...overrides,
  };
}

const isTransition = (eventId: string) => (event: StreamEvent) =>
  event.event === 'transition' && (event.data as { eventId: string }).eventId === eventId;

describe('api: live stream (Server-Sent Events)', () => {
  let database: TestDatabase;
  let prefix: string;
  let api: RunningService;
  let producer: Producer;
  let token: string;
  const streams: OpenStream[] = [];

  const stream = async (query: string, headers: Record<string, string> = {}) => {
    const opened = await openStream(`${api.url}/v1/stream?${query}`, headers);
    streams.push(opened);
    return opened;
  };
  const publish = async (...messages: RackTransitionMessage[]) => {
    await producer.send({
      topic: `${prefix}${TOPICS.rackTransitions.name}`,
      messages: messages.map((message) => ({ key: message.rackSerial, value: JSON.stringify(message) })),
    });
  };

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('api_stream'), createTestTopics()]);
    await seedRacks(database, [
      { serial: 'RK-WIP-1', stage: 'qa', status: 'in_progress', startedAt: new Date().toISOString() },
    ]);
    api = await startService('api', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      LIVE_ALERTS_POLL_MS: '300',
    });
    token = (await issueToken(api.url, 'manager')).token;
    producer = testKafka().producer();
    await producer.connect();
    // The stream reads from the newest message on: wait until its consumer group has joined.
    await expectEventually(() =>
      expect(api.logs.some((line) => line.includes('streaming rack transitions'))).toBe(true),
    );
  });

  afterAll(async () => {
    for (const opened of streams) opened.close();
    await producer?.disconnect();
    await api?.stop();
    await database?.drop();
  });

  it("greets, then sends the site's current progress, WIP and alerts, without ids", async () => {
    const sut = await stream(`site=site-a&token=${token}`);
    expect(sut.status).toBe(200);
    expect(sut.contentType).toContain('text/event-stream');
    const progress = await sut.next((event) => event.event === 'progress');
    expect(sut.events.slice(0, 4).map((event) => [event.event, event.id])).toEqual([
      ['hello', null],
      ['progress', null],
      ['wip', null],
      ['alerts', null],
    ]);
    expect(sut.events[0]!.data).toMatchObject({ resumed: false });
    expect((progress.data as ProgressView).siteId).toBe('site-a');
    expect((sut.events[2]!.data as WipView).total).toBe(1);
    expect(sut.events[3]!.data).toEqual({ siteId: 'site-a', firing: [] });
  });

  it('pushes each transition once, with an id, to the clients of its site only', async () => {
    const siteA = await stream(`site=site-a&token=${token}`);
    const siteB = await stream(`site=site-b&token=${token}`);
    const everySite = await stream('', { authorization: `Bearer ${token}` });
    await siteA.next((event) => event.event === 'alerts');
    const first = transition();
    // The topic is at-least-once: the same transition relayed twice must reach clients once.
    await publish(first, first, transition({ siteId: 'site-b', rackSerial: 'RK-OTHER' }));
    const seen = await siteA.next(isTransition(first.eventId));
    expect(seen.id).toMatch(/^[0-9a-f]+\.\d+$/);
    expect(seen.data).toMatchObject({
      rackSerial: first.rackSerial,
      to: { stage: 'qa', status: 'in_progress' },
    });
    expect(seen.data).not.toHaveProperty('schemaVersion');
    await siteB.next(
      (event) => event.event === 'transition' && (event.data as { siteId: string }).siteId === 'site-b',
    );
    await everySite.next(
      (event) => event.event === 'transition' && (event.data as { siteId: string }).siteId === 'site-b',
    );
    await everySite.next(isTransition(first.eventId));
    expect(siteA.events.filter(isTransition(first.eventId))).toHaveLength(1);
    expect(siteA.events.some((event) => (event.data as { siteId?: string }).siteId === 'site-b')).toBe(false);
    expect(siteB.events.some(isTransition(first.eventId))).toBe(false);
  });

  it('pushes progress and WIP when a transition changed them', async () => {
    const sut = await stream(`site=site-a&token=${token}`);
    const initial = (await sut.next((event) => event.event === 'progress')).data as ProgressView;
    await seedRacks(database, [
      {
        serial: 'RK-JUST-SHIPPED',
        stage: 'ship',
        status: 'shipped',
        completedAt: new Date(Date.now() - 1000).toISOString(),
        startedAt: new Date().toISOString(),
      },
    ]);
    await database.query(`UPDATE rack SET stage = 'ship', status = 'in_progress' WHERE serial = 'RK-WIP-1'`);
    await publish(
      transition({
        rackSerial: 'RK-JUST-SHIPPED',
        eventType: 'passed',
        stage: 'ship',
        to: { stage: 'ship', status: 'shipped' },
      }),
    );
    const progress = await sut.next((event) => event.event === 'progress' && event.id !== null);
    expect((progress.data as ProgressView).actual).toBe(initial.actual + 1);
    const wip = await sut.next((event) => event.event === 'wip' && event.id !== null);
    expect((wip.data as WipView).stages.find((stage) => stage.stage === 'ship')?.total).toBe(1);
  });

  it('replays what a client missed after its Last-Event-ID, and asks for a resync when it cannot', async () => {
    const sut = await stream(`site=site-a&token=${token}`);
    // Another client, listening throughout, proves the missed events went through before the first comes back.
    const witness = await stream(`site=site-a&token=${token}`);
    await Promise.all([sut, witness].map((client) => client.next((event) => event.event === 'alerts')));
    const [missedA, missedB] = [transition(), transition()];
    const before = transition();
    await publish(before);
    const marker = (await sut.next(isTransition(before.eventId))).id!;
    sut.close();
    await publish(missedA, missedB);
    await Promise.all([
      witness.next(isTransition(missedA.eventId)),
      witness.next(isTransition(missedB.eventId)),
    ]);

    const resumed = await stream(`site=site-a&token=${token}`, { 'last-event-id': marker });
    await Promise.all([
      resumed.next(isTransition(missedA.eventId)),
      resumed.next(isTransition(missedB.eventId)),
    ]);
    expect(resumed.events[0]).toMatchObject({ event: 'hello', data: { resumed: true } });
    const replayed = resumed.events
      .filter((event) => event.event === 'transition')
      .map((event) => (event.data as { eventId: string }).eventId);
    // Two racks, two partitions: Kafka orders each rack's transitions, not the two racks'.
    expect(replayed.slice(0, 2).sort()).toEqual([missedA.eventId, missedB.eventId].sort());

    // EventSource opened anew cannot set headers: the query parameter does the same.
    const byQuery = await stream(`site=site-a&token=${token}&lastEventId=${encodeURIComponent(marker)}`);
    await byQuery.next(isTransition(missedA.eventId));

    const stale = await stream(`site=site-a&token=${token}`, { 'last-event-id': 'ffffffff.1' });
    await stale.next((event) => event.event === 'progress');
    expect(stale.events.slice(0, 3).map((event) => event.event)).toEqual(['hello', 'resync', 'progress']);
  });

  it('pushes the firing alerts of a site when they change', async () => {
    const sut = await stream(`site=site-a&token=${token}`);
    await sut.next((event) => event.event === 'alerts');
    await database.query(
      `INSERT INTO alert (rule, site_id, subject, status, severity, peak_severity, pending_since, fired_at, title, figures)
       VALUES ('behind_plan', 'site-a', '', 'firing', 'warning', 'warning', now(), now(), 'site-a is 12 % behind plan', '{}')`,
    );
    const alerts = await sut.next((event) => event.event === 'alerts' && event.id !== null);
    expect(alerts.data).toMatchObject({
      siteId: 'site-a',
      firing: [{ rule: 'behind_plan', severity: 'warning', title: 'site-a is 12 % behind plan' }],
    });
  });

  it('needs a manager token, by header or by ?token=', async () => {
    expect((await stream('site=site-a')).status).toBe(401);
    expect((await stream('site=site-a&token=tk_wrong')).status).toBe(401);
    expect((await stream('site=bad%20site', { authorization: `Bearer ${token}` })).status).toBe(400);
  });
});

describe('api: live stream access — revocation ends a stream, slots are limited per token and in all', () => {
  const CACHE_TTL_MS = 1500;
  let database: TestDatabase;
  let api: RunningService;
  const streams: OpenStream[] = [];

  const stream = async (token: string) => {
    const opened = await openStream(`${api.url}/v1/stream?token=${token}`);
    streams.push(opened);
    return opened;
  };

  beforeAll(async () => {
    let prefix: string;
    [database, prefix] = await Promise.all([createTestDatabase('api_stream_access'), createTestTopics()]);
    api = await startService('api', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      ACCESS_CACHE_TTL_MS: String(CACHE_TTL_MS),
      LIVE_MAX_CLIENTS: '3',
      LIVE_MAX_CLIENTS_PER_TOKEN: '2',
    });
  });

  afterAll(async () => {
    for (const opened of streams) opened.close();
    await api?.stop();
    await database?.drop();
  });

  it('ends a stream within ACCESS_CACHE_TTL_MS of its token being revoked on another instance, saying why', async () => {
    const issued = await issueToken(api.url, 'manager', 'wall screen to revoke');
    const sut = await stream(issued.token);
    expect(sut.status).toBe(200);
    await sut.next((event) => event.event === 'hello');
    // Revoked as another api instance would: in the table, unknown to this instance's cache.
    await database.query(`UPDATE access_token SET revoked_at = now() WHERE id = $1`, [issued.id]);
    const revokedAt = Date.now();
    const endedAt = await sut.ended;
    const revoked = await sut.next((event) => event.event === 'revoked');
    expect(revoked.data).toEqual({ reason: 'the token that opened this stream was revoked' });
    expect(sut.events.at(-1)).toBe(revoked);
    // One period plus the lookup; the margin is for a loaded machine.
    expect(endedAt - revokedAt).toBeLessThan(CACHE_TTL_MS + 1000);
    expect((await stream(issued.token)).status).toBe(401);
  });

  it('keeps the streams of valid tokens open through the checks', async () => {
    const issued = await issueToken(api.url, 'manager', 'wall screen to keep');
    const sut = await stream(issued.token);
    await sut.next((event) => event.event === 'hello');
    const endedEarly = await Promise.race([
      sut.ended.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2 * CACHE_TTL_MS + 500)),
    ]);
    expect(endedEarly).toBe(false);
    sut.close();
  });

  it('limits the streams one token may hold (429) and the instance (503), with a clear message', async () => {
    const first = (await issueToken(api.url, 'manager', 'looping client')).token;
    const second = (await issueToken(api.url, 'manager', 'another screen')).token;
    await expectEventually(async () => {
      // The previous test's stream may still be closing on the server.
      const probe = await stream(first);
      probe.close();
      expect(probe.status).toBe(200);
    });
    const held = [await stream(first), await stream(first)];
    await Promise.all(held.map((opened) => opened.next((event) => event.event === 'hello')));
    const perToken = await fetch(`${api.url}/v1/stream?token=${first}`);
    expect(perToken.status).toBe(429);
    expect(await perToken.json()).toMatchObject({
      statusCode: 429,
      message:
        'This token already holds 2 live streams, the most one token may open (LIVE_MAX_CLIENTS_PER_TOKEN=2); close one first',
    });
    const third = await stream(second);
    expect(third.status).toBe(200);
    const instance = await fetch(`${api.url}/v1/stream?token=${second}`);
    expect(instance.status).toBe(503);
    expect(instance.headers.get('retry-after')).toBe('5');
    expect(await instance.json()).toMatchObject({
      statusCode: 503,
      message: 'Too many live streams open on this instance (LIVE_MAX_CLIENTS=3); retry shortly',
    });
    // Closing a stream gives its slot back.
    held[0]!.close();
    await expectEventually(async () => {
      const again = await stream(first);
      expect(again.status).toBe(200);
    });
  });
});
