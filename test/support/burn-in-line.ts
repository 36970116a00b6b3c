import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { issueToken, jsonClient, type JsonClient } from '../api/api-fixtures.js';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from './expect-eventually.js';
import { startService, type RunningService } from './service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from './stack.js';

export const HOUR_MS = 3_600_000;
export const SOAK_MODEL = 'gb200-soak';
export const SOAK_ROUTE = {
  stages: ['assembly', 'burn_in', 'qa'],
  dwell: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
};

export type Service = 'ingest' | 'tracker' | 'api' | 'alerts';

/**
 * A real line with burn-in positions: ingest, tracker and api (and alerts when asked) on the suite's own
 * database and topics, one station per stage at `siteId`, the soak route stored. Events are posted through
 * ingest with times in the past (within the accepted event age), so a 72 h soak can be lived in a test.
 */
export class BurnInLine {
  readonly services = new Map<Service, RunningService>();
  readonly stations: Record<string, RegisteredStation> = {};
  database!: TestDatabase;
  // The suite's own topic prefix (createTestTopics), for suites that publish to a topic themselves.
  topicPrefix!: string;
  admin!: JsonClient;
  manager!: JsonClient;

  constructor(
    private readonly name: string,
    readonly siteId = 'fab-t',
    private readonly withServices: readonly Service[] = ['ingest', 'tracker', 'api'],
  ) {}

  service(name: Service): RunningService {
    const running = this.services.get(name);
    if (running === undefined) throw new Error(`${name} is not running in this suite`);
    return running;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    const prefix = await createTestTopics();
    this.topicPrefix = prefix;
    this.database = await createTestDatabase(this.name);
    const base = { DATABASE_URL: this.database.url, KAFKA_TOPIC_PREFIX: prefix, ...env };
    const started = await Promise.all(
      this.withServices.map((service) =>
        startService(
          service,
          service === 'tracker' ? { ...base, TRACKER_CONSUMER_GROUP: `g-${prefix}` } : base,
        ),
      ),
    );
    this.withServices.forEach((service, index) => this.services.set(service, started[index]!));
    // Listening is not ready: ingest connects its producer after boot and answers 503 "retry later" until then.
    // Every service's /health is 200 only once its database and Kafka are up.
    await Promise.all(
      started.map((service) =>
        expectEventually(async () => expect((await fetch(`${service.url}/health`)).status).toBe(200)),
      ),
    );
    const api = this.service('api').url;
    this.admin = jsonClient(api, ADMIN_TOKEN);
    this.manager = jsonClient(api, (await issueToken(api, 'manager')).token);
    for (const stage of SOAK_ROUTE.stages) {
      this.stations[stage] = await registerStation(this.service('ingest').url, {
        stationId: `${this.siteId}-${stage}`.toUpperCase(),
        stage,
        siteId: this.siteId,
      });
    }
    const route = await this.admin.put(`/v1/routes/${SOAK_MODEL}`, SOAK_ROUTE);
    if (route.status !== 200) throw new Error(`storing the route answered ${route.status}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop()));
    await this.database?.drop();
  }

  async cell(cellId: string, positions: number, kwPerPosition = 132): Promise<void> {
    const put = await this.admin.put(`/v1/sites/${this.siteId}/burn-in-cells/${cellId}`, {
      positions,
      kwPerPosition,
    });
    if (put.status !== 200) throw new Error(`registering cell ${cellId} answered ${put.status}`);
  }

  /** Posts one event at `hoursAgo` before now; answers its event id. */
  async post(
    stage: string,
    rackSerial: string,
    type: string,
    hoursAgo: number,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const station = this.stations[stage];
    if (station === undefined) throw new Error(`no station at ${stage}`);
    const event = {
      eventId: randomUUID(),
      rackSerial,
      stationId: station.stationId,
      stage,
      type,
      occurredAt: new Date(Date.now() - hoursAgo * HOUR_MS).toISOString(),
      ...(type === 'started' && stage === 'assembly' ? { rackModel: SOAK_MODEL } : {}),
      ...extra,
    };
    const result = await call(`${this.service('ingest').url}/v1/events`, {
      token: station.token,
      json: event,
    });
    if (result.status !== 202)
      throw new Error(
        `posting ${type} for ${rackSerial} answered ${result.status}: ${JSON.stringify(result.body)}`,
      );
    return event.eventId;
  }

  /** Assembly started and passed: the rack waits for burn-in. */
  async assembled(rackSerial: string, hoursAgo: number): Promise<string> {
    await this.post('assembly', rackSerial, 'started', hoursAgo + 1);
    return this.post('assembly', rackSerial, 'passed', hoursAgo);
  }

  async rack(serial: string): Promise<RackDetailView> {
    const response = await this.manager.get<RackDetailView>(`/v1/racks/${serial}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Waits until the tracker has applied (or refused) the event, and answers the rack as it stands then. */
  async applied(serial: string, eventId: string): Promise<RackDetailView> {
    return expectEventually(async () => {
      const detail = await this.manager.get<RackDetailView>(`/v1/racks/${serial}`);
      expect(detail.status).toBe(200);
      expect([
        ...detail.body.history.map((entry) => entry.eventId),
        ...detail.body.rejections.map((entry) => entry.eventId),
      ]).toContain(eventId);
      return detail.body;
    });
  }
}
