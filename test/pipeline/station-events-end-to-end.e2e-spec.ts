import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

interface RackView {
  serial: string;
  state: {
    stage: string;
    status: string;
    held: { stage: string; status: string } | null;
    reworkCount: number;
    route: string[];
  } | null;
  history: {
    eventId: string;
    eventType: string;
    from: { stage: string; status: string } | null;
    to: { stage: string; status: string };
  }[];
  rejections: { eventId: string; reason: string; detail: string }[];
}

/** Station terminal → ingest (HTTP) → Kafka → tracker → PostgreSQL → api (HTTP): the whole core pipeline. */
describe('station events end to end', () => {
  let database: TestDatabase;
  const services: RunningService[] = [];
  let ingest: string;
  let api: string;
  const stations = new Map<string, RegisteredStation>();
  // Hours ago: within ingest's MAX_EVENT_AGE_DAYS whenever the suite runs, and never ahead of its clock.
  let clock = Date.now() - 6 * 3_600_000;

  async function post(
    stage: string,
    rackSerial: string,
    type: string,
    extra: Record<string, unknown> = {},
    stationKey = stage,
  ) {
    const station = stations.get(stationKey)!;
    clock += 60_000;
    const event = {
      eventId: randomUUID(),
      rackSerial,
      stationId: station.stationId,
      stage,
      type,
      occurredAt: new Date(clock).toISOString(),
      ...extra,
    };
    const answer = await call<{ events: { eventId: string; status: string }[] }>(`${ingest}/v1/events`, {
      token: station.token,
      json: event,
    });
    expect(answer.status).toBe(202);
    return { event, answer: answer.body };
  }

  async function rack(serial: string): Promise<RackView> {
    const answer = await call<RackView>(`${api}/v1/racks/${serial}`, { token: ADMIN_TOKEN });
    if (answer.status !== 200) throw new Error(`GET /v1/racks/${serial} answered ${answer.status}`);
    return answer.body;
  }

  beforeAll(async () => {
    const [db, prefix] = await Promise.all([createTestDatabase('pipeline'), createTestTopics()]);
    database = db;
    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    };
    services.push(
      ...(await Promise.all([
        startService('ingest', env),
        startService('tracker', env),
        startService('api', env),
      ])),
    );
    [ingest, , api] = services.map((service) => service.url);
    for (const stage of ['assembly', 'burn_in', 'qa', 'ship', 'calibration']) {
      stations.set(stage, await registerStation(ingest, { stationId: `${stage.toUpperCase()}-E2E`, stage }));
    }
    stations.set(
      'supervisor',
      await registerStation(ingest, { stationId: 'SUP-E2E', stage: 'assembly', role: 'supervisor' }),
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
  });

  it('a posted rack walks assembly → burn-in → QA → ship and its state and history are readable', async () => {
    const posted = [];
    for (const stage of ['assembly', 'burn_in', 'qa', 'ship']) {
      posted.push((await post(stage, 'RK-E2E-1', 'started')).event);
      posted.push((await post(stage, 'RK-E2E-1', 'passed')).event);
    }
    const view = await expectEventually(async () => {
      const current = await rack('RK-E2E-1');
      expect(current.state).toMatchObject({
        stage: 'ship',
        status: 'shipped',
        route: ['assembly', 'burn_in', 'qa', 'ship'],
      });
      return current;
    });
    expect(view.history.map((entry) => entry.eventId)).toEqual(posted.map((event) => event.eventId));
    expect(view.history[0]).toMatchObject({
      eventType: 'started',
      from: null,
      to: { stage: 'assembly', status: 'in_progress' },
    });
    expect(view.rejections).toEqual([]);
  });

  it('a re-posted event answers duplicate and is applied once', async () => {
    const { event } = await post('assembly', 'RK-E2E-2', 'started');
    const again = await call<{ events: { status: string }[] }>(`${ingest}/v1/events`, {
      token: stations.get('assembly')!.token,
      json: event,
    });
    expect(again.status).toBe(202);
    expect(again.body.events[0].status).toBe('duplicate');
    await post('assembly', 'RK-E2E-2', 'passed');
    const view = await expectEventually(async () => {
      const current = await rack('RK-E2E-2');
      expect(current.state?.status).toBe('passed');
      return current;
    });
    expect(view.history).toHaveLength(2);
  });

  it('rework loop and hold/release leave the rack where the floor expects', async () => {
    const serial = 'RK-E2E-3';
    await post('assembly', serial, 'started');
    await post('assembly', serial, 'passed');
    await post('burn_in', serial, 'started');
    await post('burn_in', serial, 'failed', { details: { reason: 'GPU thermal' } });
    await post('burn_in', serial, 'rework_started');
    await post('burn_in', serial, 'rework_completed');
    await post('burn_in', serial, 'hold', {}, 'supervisor');
    await expectEventually(async () =>
      expect((await rack(serial)).state).toMatchObject({
        status: 'on_hold',
        held: { stage: 'burn_in', status: 'waiting' },
      }),
    );
    await post('burn_in', serial, 'release', {}, 'supervisor');
    await post('burn_in', serial, 'started');
    await post('burn_in', serial, 'passed');
    await expectEventually(async () =>
      expect((await rack(serial)).state).toMatchObject({
        stage: 'burn_in',
        status: 'passed',
        reworkCount: 1,
        held: null,
      }),
    );
  });

  it('an illegal transition is accepted by ingest, refused by the tracker, visible with its reason, and changes nothing', async () => {
    const serial = 'RK-E2E-4';
    await post('assembly', serial, 'started');
    const { event } = await post('qa', serial, 'passed'); // the rack is still in assembly
    const view = await expectEventually(async () => {
      const current = await rack(serial);
      expect(current.rejections).toHaveLength(1);
      return current;
    });
    expect(view.rejections[0]).toMatchObject({ eventId: event.eventId, reason: 'illegal_transition' });
    expect(view.rejections[0].detail).toContain('assembly');
    expect(view.state).toMatchObject({ stage: 'assembly', status: 'in_progress' });
    expect(view.history).toHaveLength(1);
    const listed = await call<{ items: { eventId: string; reason: string }[] }>(
      `${api}/v1/rejections?rackSerial=${serial}`,
      { token: ADMIN_TOKEN },
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({ eventId: event.eventId, reason: 'illegal_transition' }),
    ]);
  });

  it('a rack model with its own route follows that route', async () => {
    const route = await call(`${api}/v1/routes/gb300-cal`, {
      method: 'PUT',
      token: ADMIN_TOKEN,
      json: { stages: ['assembly', 'calibration', 'ship'] },
    });
    expect(route.status).toBe(200);
    await post('assembly', 'RK-E2E-5', 'started', { rackModel: 'gb300-cal' });
    await post('assembly', 'RK-E2E-5', 'passed');
    await post('calibration', 'RK-E2E-5', 'started');
    await post('calibration', 'RK-E2E-5', 'passed');
    await post('ship', 'RK-E2E-5', 'started');
    await post('ship', 'RK-E2E-5', 'passed');
    await expectEventually(async () =>
      expect((await rack('RK-E2E-5')).state).toMatchObject({
        stage: 'ship',
        status: 'shipped',
        route: ['assembly', 'calibration', 'ship'],
      }),
    );
    // burn_in is not on this model's route: refused as unknown_stage, never silently accepted.
    await post('burn_in', 'RK-E2E-6', 'started', { rackModel: 'gb300-cal' }, 'burn_in');
    await expectEventually(async () =>
      expect((await rack('RK-E2E-6')).rejections[0]?.reason).toBe('unknown_stage'),
    );
  });

  it('a rack in build keeps the route it started on when its model is re-routed; the next rack takes the new one', async () => {
    const put = (stages: string[]) =>
      call(`${api}/v1/routes/gb300-reroute`, { method: 'PUT', token: ADMIN_TOKEN, json: { stages } });
    expect((await put(['assembly', 'calibration', 'ship'])).status).toBe(200);
    await post('assembly', 'RK-E2E-8', 'started', { rackModel: 'gb300-reroute' });
    await post('assembly', 'RK-E2E-8', 'passed');
    await expectEventually(async () =>
      expect((await rack('RK-E2E-8')).state).toMatchObject({ stage: 'assembly', status: 'passed' }),
    );
    // Mid-build, engineering adds QA to the model's route.
    expect((await put(['assembly', 'calibration', 'qa', 'ship'])).status).toBe(200);
    await post('calibration', 'RK-E2E-8', 'started');
    await post('calibration', 'RK-E2E-8', 'passed');
    await post('ship', 'RK-E2E-8', 'started');
    await post('assembly', 'RK-E2E-9', 'started', { rackModel: 'gb300-reroute' });
    await expectEventually(async () => {
      expect((await rack('RK-E2E-8')).state).toMatchObject({
        stage: 'ship',
        status: 'in_progress',
        route: ['assembly', 'calibration', 'ship'],
      });
      expect((await rack('RK-E2E-9')).state?.route).toEqual(['assembly', 'calibration', 'qa', 'ship']);
    });
  });

  it('a rack of a model without a route is refused as unknown_model, and the api says the same of that model', async () => {
    const { event } = await post('assembly', 'RK-E2E-7', 'started', { rackModel: 'gb-undefined' });
    const detail = 'rack model gb-undefined has no route; define it with PUT /v1/routes/gb-undefined';
    await expectEventually(async () =>
      expect((await rack('RK-E2E-7')).rejections).toEqual([
        expect.objectContaining({ eventId: event.eventId, reason: 'unknown_model', detail }),
      ]),
    );
    expect((await rack('RK-E2E-7')).state).toBeNull();
    const route = await call<{ message: string }>(`${api}/v1/routes/gb-undefined`, { token: ADMIN_TOKEN });
    expect(route.status).toBe(404);
    expect(route.body.message).toBe(`${detail}; until then its racks are refused as unknown_model`);
  });
});
