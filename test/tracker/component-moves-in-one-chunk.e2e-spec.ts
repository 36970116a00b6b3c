import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOPICS, type StationEventDto } from '#contracts';
import type { ComponentView, RackComponentsView } from '../../apps/api/src/genealogy/genealogy.view.js';
import { call } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { stationEventMessage } from '../support/line-events.js';
import { startService, type RunningService } from '../support/service-process.js';
import {
  ADMIN_TOKEN,
  createTestDatabase,
  createTestTopics,
  testKafka,
  type TestDatabase,
} from '../support/stack.js';

const RACK = 'RK-MOVES-1';
const part = (serial: string) => ({
  serial,
  partNumber: 'GPU-B300',
  kind: 'gpu' as const,
  supplierId: 'sup-tw-02',
  lot: 'W48-B',
});

/**
 * A tracker that catches up (after a restart, a backlog, a rebuild) applies many of a rack's events in one
 * chunk, so a part can be installed and removed within it. Its stay must be written closed: the rack must not
 * keep a part its station took out, and a part put back must not trip the one-rack-at-a-time index.
 */
describe('tracker: a part installed and removed within one chunk', () => {
  let database: TestDatabase;
  let prefix: string;
  const services: RunningService[] = [];
  let api: string;

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('component_moves'), createTestTopics()]);
    // The whole story is on the partition before the tracker starts, so its first chunk holds all of it.
    let at = Date.now() - 600_000;
    const event = (extra: Partial<StationEventDto>) =>
      JSON.stringify(stationEventMessage(RACK, (at += 1000), extra));
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${TOPICS.stationEvents.name}`,
      acks: -1,
      messages: [
        event({ type: 'started' }),
        event({ type: 'component_installed', components: [part('GPU-KEPT'), part('GPU-OUT')] }),
        event({ type: 'component_installed', components: [part('GPU-BACK')] }),
        event({ type: 'component_removed', components: [{ serial: 'GPU-OUT' }] }),
        event({ type: 'component_removed', components: [{ serial: 'GPU-BACK' }] }),
        event({ type: 'component_installed', components: [part('GPU-BACK')] }),
        event({ type: 'completed' }),
      ].map((value) => ({ key: RACK, value })),
    });
    await producer.disconnect();

    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    };
    services.push(...(await Promise.all([startService('tracker', env), startService('api', env)])));
    api = services[1]!.url;
    await expectEventually(
      async () => {
        const rows = await database.query(`SELECT status FROM rack WHERE serial = $1`, [RACK]);
        if (rows[0]?.status !== 'passed') throw new Error(`${RACK} not applied yet: ${JSON.stringify(rows)}`);
      },
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
  });

  it('in one transaction, with no event refused', async () => {
    const rejections = await database.query(`SELECT reason FROM rejection`);
    expect(rejections).toEqual([]);
    // Not found by halving the chunk after a refused write: the whole story was one write.
    const transitions = await database.query<{ transactions: number }>(
      `SELECT count(DISTINCT written_by_xid)::int AS transactions FROM rack_transition WHERE rack_serial = $1`,
      [RACK],
    );
    expect(transitions).toEqual([{ transactions: 1 }]);
  });

  it('shows the rack as built: the part taken out is gone, the part put back is there once', async () => {
    const built = await call<RackComponentsView>(`${api}/v1/racks/${RACK}/components`, {
      token: ADMIN_TOKEN,
    });
    expect(built.status).toBe(200);
    expect(built.body.tree.map((node) => node.serial).sort()).toEqual(['GPU-BACK', 'GPU-KEPT']);
    expect(built.body.counts).toEqual({ gpu: 2 });
  });

  it('keeps every stay: the removed part was in the rack, and the part put back was there twice', async () => {
    const out = await call<ComponentView>(`${api}/v1/components/GPU-OUT`, { token: ADMIN_TOKEN });
    expect(out.body.installedIn).toBeNull();
    expect(out.body.whereUsed.map((use) => [use.rackSerial, use.removed === null])).toEqual([[RACK, false]]);

    const back = await call<ComponentView>(`${api}/v1/components/GPU-BACK`, { token: ADMIN_TOKEN });
    expect(back.body.installedIn).toBe(RACK);
    expect(back.body.whereUsed.map((use) => use.removed === null)).toEqual([false, true]);
  });
});
