import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { TOPICS } from '#contracts';
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
import {
  call,
  collectStationEvents,
  registerStation,
  stationEvent,
  type ConsumedStationMessage,
  type RegisteredStation,
} from './ingest-client.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { path: string; reason: string }[];
}

const LONE_SURROGATE = 'contains a lone UTF-16 surrogate (U+D800), which cannot be stored';
const NUL = 'contains U+0000 (NUL), which cannot be stored';

/**
 * What PostgreSQL could never store must be refused where it comes in, by real HTTP, with a 400 naming where
 * it is: an accepted event carrying it would fail its tracker batch on every retry and stall the partition.
 */
describe('every service refuses, at the door, input PostgreSQL cannot store', () => {
  let database: TestDatabase;
  let prefix: string;
  const services: Record<'ingest' | 'api' | 'alerts' | 'tracker', RunningService> = {} as Record<
    'ingest' | 'api' | 'alerts' | 'tracker',
    RunningService
  >;
  let consumer: Consumer;
  let produced: ConsumedStationMessage[];
  let qa: RegisteredStation;

  const producedIds = () => produced.map((message) => message.value.event.eventId);

  /** Posts raw JSON text, so that escapes such as \ud800 reach the server exactly as a terminal wrote them. */
  function postRaw(path: '/v1/events' | '/v1/events/batch', text: string) {
    return call<ErrorBody>(`${services.ingest.url}${path}`, { token: qa.token, raw: text });
  }

  /** A valid event as JSON text, with `fields` (raw JSON) added. */
  function eventText(fields: string, overrides: Record<string, unknown> = {}): string {
    return JSON.stringify(stationEvent(qa, { type: 'passed', ...overrides })).replace('{', `{${fields},`);
  }

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('unstorable'), createTestTopics()]);
    const env = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix };
    [services.ingest, services.api, services.alerts, services.tracker] = await Promise.all([
      startService('ingest', env),
      startService('api', env),
      startService('alerts', env),
      startService('tracker', { ...env, TRACKER_CONSUMER_GROUP: `g-${prefix}` }),
    ]);
    ({ messages: produced, consumer } = await collectStationEvents(prefix));
    qa = await registerStation(services.ingest.url, { stationId: 'QA-UNSTORABLE', stage: 'qa' });
    await expectEventually(async () =>
      expect((await call(`${services.ingest.url}/health`)).status).toBe(200),
    );
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await database?.drop();
  });

  describe('in event bodies, each at its own path', () => {
    const refusedIds: string[] = [];

    it('a lone surrogate in details, as the JSON escape \\ud800', async () => {
      const eventId = randomUUID();
      refusedIds.push(eventId);
      const answer = await postRaw('/v1/events', eventText('"details":{"note":"\\ud800"}', { eventId }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'details.note', reason: LONE_SURROGATE }]);
      expect(answer.body.message).toBe(`details.note: ${LONE_SURROGATE}`);
    });

    it('every unstorable string, key and number of a batch, each named', async () => {
      const first = randomUUID();
      const second = randomUUID();
      refusedIds.push(first, second);
      const batch =
        `{"events":[${eventText('"measurements":[{"name":"t\\u0000","value":1,"unit":"C"}]', { eventId: first })},` +
        `${eventText('"details":{"\\ud800":1},"measurements":[{"name":"t","value":1e400,"unit":"C"}]', { eventId: second })}]}`;
      const answer = await postRaw('/v1/events/batch', batch);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { path: 'events.0.measurements.0.name', reason: NUL },
        { path: 'events.1.details.\\uD800', reason: `key ${LONE_SURROGATE}` },
        { path: 'events.1.measurements.0.value', reason: expect.stringContaining('Infinity') },
      ]);
    });

    it('an event older than MAX_EVENT_AGE_DAYS, naming occurredAt and how old is allowed', async () => {
      const eventId = randomUUID();
      refusedIds.push(eventId);
      const occurredAt = new Date(Date.now() - 31 * 86_400_000).toISOString();
      const answer = await call<ErrorBody>(`${services.ingest.url}/v1/events`, {
        token: qa.token,
        json: stationEvent(qa, { eventId, occurredAt }),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { path: 'occurredAt', reason: expect.stringContaining('events at most 30 days old are accepted') },
      ]);
    });

    it('takes emoji, and invalid UTF-8 bytes (they arrive as U+FFFD), and produces none of the refused', async () => {
      const emoji = stationEvent(qa, { details: { note: 'ok \ud83d\ude00' } });
      expect((await call(`${services.ingest.url}/v1/events`, { token: qa.token, json: emoji })).status).toBe(
        202,
      );
      const invalidUtf8 = stationEvent(qa, { details: { note: 'BYTES' } });
      const body = Buffer.from(JSON.stringify(invalidUtf8), 'utf8');
      const at = body.indexOf('BYTES');
      const response = await fetch(`${services.ingest.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${qa.token}`, 'content-type': 'application/json' },
        body: Buffer.concat([body.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), body.subarray(at + 5)]),
      });
      expect(response.status).toBe(202);
      await expectEventually(() =>
        expect(producedIds()).toEqual(expect.arrayContaining([emoji.eventId, invalidUtf8.eventId])),
      );
      const stored = produced.find((message) => message.value.event.eventId === invalidUtf8.eventId);
      expect(stored?.value.event.details).toEqual({ note: '\ufffd\ufffd\ufffd' });
      // Everything posted before the two accepted events has reached Kafka too; none of it was refused work.
      expect(producedIds().filter((id) => refusedIds.includes(String(id)))).toEqual([]);
    });
  });

  describe('in messages produced to Kafka some other way', () => {
    it('the tracker records each as a malformed rejection naming the path, and the partition moves on', async () => {
      const rackSerial = `RK-RAW-${randomUUID().slice(0, 8)}`;
      const at = Date.now() - 60_000;
      const valid = stationEventMessage(rackSerial, at);
      const text = (extra: string, stamp = '"siteId":"site-1"') =>
        JSON.stringify(
          stationEventMessage(rackSerial, at, { eventId: randomUUID(), stage: 'qa', type: 'passed' }),
        )
          .replace('"type":"passed"', `"type":"passed",${extra}`)
          .replace('"siteId":"site-1"', stamp);
      const producer = testKafka().producer();
      await producer.connect();
      await producer.send({
        topic: `${prefix}${TOPICS.stationEvents.name}`,
        messages: [
          { key: rackSerial, value: text('"details":{"note":"\\ud800"}') },
          { key: rackSerial, value: text('"measurements":[{"name":"t","value":1e400,"unit":"C"}]') },
          { key: rackSerial, value: text('"details":{"ok":1}', '"siteId":"site\\u0000"') },
          { key: rackSerial, value: JSON.stringify(valid) },
        ],
      });
      await producer.disconnect();
      await expectEventually(async () => {
        const rack = await call<{ state: { stage: string } | null }>(
          `${services.api.url}/v1/racks/${rackSerial}`,
          { token: ADMIN_TOKEN },
        );
        expect(rack.body.state).toMatchObject({ stage: 'assembly' });
      });
      const rejections = await call<{ items: { reason: string; detail: string }[] }>(
        `${services.api.url}/v1/rejections?rackSerial=${rackSerial}`,
        { token: ADMIN_TOKEN },
      );
      expect(rejections.body.items).toHaveLength(3);
      expect(rejections.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reason: 'malformed', detail: `event.details.note: ${LONE_SURROGATE}` }),
          expect.objectContaining({
            reason: 'malformed',
            detail: expect.stringMatching(/^event\.measurements\.0\.value: .*Infinity/),
          }),
          expect.objectContaining({ reason: 'malformed', detail: `station.siteId: ${NUL}` }),
        ]),
      );
    });
  });

  describe('in path and query parameters, at every service, naming the parameter', () => {
    it.each([
      ['api', 'GET', '/v1/racks/RK%00', 'serial', 'path'],
      ['api', 'GET', '/v1/routes/gb%00', 'model', 'path'],
      ['api', 'GET', '/v1/racks?site=site%00', 'site', 'query'],
      ['ingest', 'DELETE', '/v1/stations/X%00', 'stationId', 'path'],
      ['alerts', 'GET', '/v1/sites/site%00/target', 'siteId', 'path'],
      ['alerts', 'DELETE', '/v1/webhooks/1%00', 'id', 'path'],
      ['tracker', 'GET', '/health?probe=%00', 'probe', 'query'],
    ] as const)('%s %s %s', async (service, method, path, parameter, where) => {
      const answer = await call<ErrorBody>(`${services[service].url}${path}`, { method, token: ADMIN_TOKEN });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: parameter, reason: `${where} parameter ${NUL}` }]);
    });

    it.each([
      ['api', 'GET', '/v1/racks/RK%E0%A4%A'],
      ['ingest', 'DELETE', '/v1/stations/X%E0%A4%A'],
      ['alerts', 'DELETE', '/v1/webhooks/%E0%A4%A'],
    ] as const)('%s %s %s: malformed percent-encoding is a 400 too', async (service, method, path) => {
      const answer = await call<ErrorBody>(`${services[service].url}${path}`, { method, token: ADMIN_TOKEN });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('decode') });
    });

    it('logged no unhandled error anywhere', () => {
      for (const service of Object.values(services))
        expect(service.logs.filter((line) => line.includes('"unhandled error"'))).toEqual([]);
    });
  });
});
