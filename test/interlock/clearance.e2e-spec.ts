import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClearanceView } from '../../apps/ingest/src/clearance/clearance.view.js';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

// The interlock through the real line: events posted to ingest, applied by the tracker through Kafka into
// PostgreSQL, and the clearance read back from ingest with a station token.

describe('interlock: GET /v1/clearance at ingest, from the state the tracker applied', () => {
  let database: TestDatabase;
  let ingest: RunningService;
  let tracker: RunningService;
  const stations: Record<'assembly' | 'burn_in' | 'supervisor', RegisteredStation> = {} as never;

  beforeAll(async () => {
    const prefix = await createTestTopics();
    database = await createTestDatabase('clearance');
    const env = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix };
    [ingest, tracker] = await Promise.all([
      startService('ingest', env),
      startService('tracker', { ...env, TRACKER_CONSUMER_GROUP: `g-${prefix}` }),
    ]);
    stations.assembly = await registerStation(ingest.url, { stationId: 'IL-ASSY', stage: 'assembly' });
    stations.burn_in = await registerStation(ingest.url, { stationId: 'IL-BI', stage: 'burn_in' });
    stations.supervisor = await registerStation(ingest.url, {
      stationId: 'IL-SUP',
      stage: 'assembly',
      role: 'supervisor',
    });
  });
  afterAll(async () => {
    await Promise.all([ingest?.stop(), tracker?.stop()]);
    await database?.drop();
  });

  async function clearance(
    station: RegisteredStation,
    query: Record<string, string>,
  ): Promise<{ status: number; body: ClearanceView & { errors?: { path: string }[] } }> {
    const result = await call<ClearanceView & { errors?: { path: string }[] }>(
      `${ingest.url}/v1/clearance?${new URLSearchParams(query).toString()}`,
      { token: station.token },
    );
    return { status: result.status, body: result.body };
  }

  async function post(station: RegisteredStation, rackSerial: string, type: string, occurredAt: Date) {
    const result = await call(`${ingest.url}/v1/events`, {
      token: station.token,
      json: {
        eventId: randomUUID(),
        rackSerial,
        stationId: station.stationId,
        stage: station.role === 'supervisor' ? 'assembly' : station.stage,
        type,
        occurredAt: occurredAt.toISOString(),
      },
    });
    expect(result.status).toBe(202);
  }

  /** Waits until the tracker applied the rack's state, as the interlock sees it. */
  function appliedAs(serial: string, status: string): Promise<ClearanceView> {
    return expectEventually(async () => {
      const { body } = await clearance(stations.burn_in, { rackSerial: serial, type: 'started' });
      expect(body.rack?.status).toBe(status);
      return body;
    });
  }

  it('clears a new rack at the first stage and says the tracker decides', async () => {
    const { status, body } = await clearance(stations.assembly, { rackSerial: 'RK-IL-NEW', type: 'started' });
    expect(status).toBe(200);
    expect(body).toEqual({
      cleared: true,
      rack: null,
      stateAsOf: null,
      ageSeconds: null,
      authoritative: false,
      note: "the tracker's decision on the event stays the truth",
    });
  });

  it('clears burn-in for a rack that passed assembly, with the age of the state it read', async () => {
    const passedAt = new Date(Date.now() - 600_000);
    await post(stations.assembly, 'RK-IL-1', 'started', new Date(passedAt.getTime() - 60_000));
    await post(stations.assembly, 'RK-IL-1', 'passed', passedAt);
    await appliedAs('RK-IL-1', 'passed');
    const { body } = await clearance(stations.burn_in, { rackSerial: 'RK-IL-1', type: 'started' });
    expect(body).toMatchObject({ cleared: true, stateAsOf: passedAt.toISOString(), authoritative: false });
    expect(body.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(body.ageSeconds).toBeLessThan(900);
  });

  it('refuses what the state machine refuses: illegal_transition and wrong_station, with the detail', async () => {
    await post(stations.assembly, 'RK-IL-2', 'started', new Date(Date.now() - 60_000));
    await appliedAs('RK-IL-2', 'in_progress');
    expect(
      (await clearance(stations.burn_in, { rackSerial: 'RK-IL-2', type: 'started' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'illegal_transition',
      detail:
        'started at burn_in needs (assembly, passed) or (burn_in, waiting); rack is (assembly, in_progress)',
      rack: { stage: 'assembly', status: 'in_progress' },
    });
    // An unknown rack cannot start anywhere but the first stage.
    expect(
      (await clearance(stations.burn_in, { rackSerial: 'RK-IL-NONE', type: 'started' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'illegal_transition',
    });
    // A burn-in station asked about the qa stage, and a supervisor asked about a start.
    expect(
      (await clearance(stations.burn_in, { rackSerial: 'RK-IL-2', type: 'started', stage: 'qa' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'wrong_station',
      detail: expect.stringContaining('serves stage burn_in'),
    });
    expect(
      (await clearance(stations.supervisor, { rackSerial: 'RK-IL-2', type: 'started' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'wrong_station',
    });
  });

  it('refuses a rack on hold and a scrapped one', async () => {
    await post(stations.assembly, 'RK-IL-3', 'started', new Date(Date.now() - 120_000));
    await post(stations.assembly, 'RK-IL-3', 'passed', new Date(Date.now() - 90_000));
    await post(stations.supervisor, 'RK-IL-3', 'hold', new Date(Date.now() - 60_000));
    await appliedAs('RK-IL-3', 'on_hold');
    expect(
      (await clearance(stations.burn_in, { rackSerial: 'RK-IL-3', type: 'started' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'illegal_transition',
      detail: expect.stringContaining('on_hold'),
    });
    expect(
      (await clearance(stations.supervisor, { rackSerial: 'RK-IL-3', type: 'release' })).body,
    ).toMatchObject({
      cleared: true,
    });

    await post(stations.supervisor, 'RK-IL-3', 'scrap', new Date(Date.now() - 30_000));
    await appliedAs('RK-IL-3', 'scrapped');
    expect(
      (await clearance(stations.burn_in, { rackSerial: 'RK-IL-3', type: 'started' })).body,
    ).toMatchObject({
      cleared: false,
      reason: 'illegal_transition',
      detail: expect.stringContaining('scrapped'),
    });
  });

  it('answers 400 naming every bad parameter, and 401 without a station token', async () => {
    const bad = await clearance(stations.assembly, { rackSerial: ' ', type: 'launched', position: 'x' });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors?.map((error) => error.path))].sort()).toEqual([
      'cell',
      'position',
      'rackSerial',
      'type',
    ]);
    const component = await clearance(stations.assembly, {
      rackSerial: 'RK-IL-1',
      type: 'component_installed',
    });
    expect(component.status).toBe(400);
    const unknown = await clearance(stations.assembly, {
      rackSerial: 'RK-IL-1',
      type: 'started',
      colour: 'red',
    });
    expect(unknown.status).toBe(400);
    const anonymous = await call(`${ingest.url}/v1/clearance?rackSerial=RK-IL-1&type=started`);
    expect(anonymous.status).toBe(401);
  });

  it('is documented in the OpenAPI document ingest serves', async () => {
    const document = await call<{ paths: Record<string, unknown> }>(`${ingest.url}/v1/openapi.json`);
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toContain('/v1/clearance');
  });
});
