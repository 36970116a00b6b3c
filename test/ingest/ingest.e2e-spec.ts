import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { plainToInstance } from 'class-transformer';
import { StationEventDto, stationEventContentHash } from '#contracts';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import {
  call,
  closedPort,
  collectStationEvents,
  registerStation,
  stationEvent,
  type ConsumedStationMessage,
  type RegisteredStation,
} from './ingest-client.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Receipts {
  events: { eventId: string; status: 'accepted' | 'duplicate' }[];
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { path: string; reason: string }[];
}

describe('ingest: station terminals -> station-events', () => {
  let database: TestDatabase;
  let prefix: string;
  let ingest: RunningService;
  let consumer: Consumer;
  let produced: ConsumedStationMessage[];
  let assembly: RegisteredStation;

  const eventsUrl = () => `${ingest.url}/v1/events`;
  const producedIds = () => produced.map((message) => message.value.event.eventId);

  /** Posts a marker after `rackSerial`'s other events and waits for it: everything before it has arrived too. */
  async function drainRack(station: RegisteredStation, rackSerial: string): Promise<void> {
    const marker = stationEvent(station, { rackSerial, type: 'hold' });
    expect((await call(eventsUrl(), { token: station.token, json: marker })).status).toBe(202);
    await expectEventually(() => expect(producedIds()).toContain(marker.eventId));
  }

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('ingest'), createTestTopics()]);
    ingest = await startService('ingest', { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix });
    ({ messages: produced, consumer } = await collectStationEvents(prefix));
    assembly = await registerStation(ingest.url, { stationId: 'ASSY-01', stage: 'assembly' });
    // The producer connects in the background; wait until it is ready rather than racing it.
    await expectEventually(async () => expect((await call(`${ingest.url}/health`)).status).toBe(200));
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await ingest?.stop();
    await database?.drop();
  });

  describe('accepting events', () => {
    it('produces a valid event keyed by rack serial, stamped, with the correlation id, after Kafka acked it', async () => {
      const event = stationEvent(assembly, { operatorId: 'op-4411', details: { bay: 3 } });
      const correlationId = `corr-${randomUUID()}`;
      const result = await call<Receipts>(eventsUrl(), {
        token: assembly.token,
        json: event,
        headers: { 'x-correlation-id': correlationId },
      });
      expect(result.status).toBe(202);
      expect(result.body).toEqual({ events: [{ eventId: event.eventId, status: 'accepted' }] });

      const message = await expectEventually(() => {
        const found = produced.find((candidate) => candidate.value.event.eventId === event.eventId);
        expect(found).toBeDefined();
        return found!;
      });
      expect(message.key).toBe(event.rackSerial);
      expect(message.headers['correlation-id']).toBe(correlationId);
      expect(message.headers['schema-version']).toBe('1');
      expect(message.value.schemaVersion).toBe(1);
      expect(message.value.event).toEqual(event);
      expect(message.value.station).toEqual({
        stationId: 'ASSY-01',
        stage: 'assembly',
        role: 'station',
        siteId: 'site-1',
        lineId: 'line-1',
      });
      expect(Date.now() - Date.parse(message.value.receivedAt)).toBeLessThan(60_000);
    });

    it('produces a batch of three in order', async () => {
      const rackSerial = `RK-${randomUUID().slice(0, 8)}`;
      const events = (['started', 'failed', 'rework_started'] as const).map((type) =>
        stationEvent(assembly, { rackSerial, type }),
      );
      const result = await call<Receipts>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events },
      });
      expect(result.status).toBe(202);
      expect(result.body.events).toEqual(
        events.map((event) => ({ eventId: event.eventId, status: 'accepted' })),
      );
      await expectEventually(() => {
        const forRack = produced.filter((message) => message.key === rackSerial);
        expect(forRack.map((message) => message.value.event.eventId)).toEqual(
          events.map((event) => event.eventId),
        );
      });
    });

    it("produces a terminal's backlog for one rack, more than Kafka takes in one request, as one batch", async () => {
      const rackSerial = `RK-${randomUUID().slice(0, 8)}`;
      // A terminal back online posts what it stored while the network was down: 500 events for one rack,
      // each with its notes, sized so the body stays under ingest's 1 MB limit.
      const bare = stationEvent(assembly, { rackSerial, details: { note: '' } });
      const note = 'n'.repeat(1_950 - Buffer.byteLength(JSON.stringify(bare)));
      const events = Array.from({ length: 500 }, () =>
        stationEvent(assembly, { rackSerial, details: { note } }),
      );
      expect(Buffer.byteLength(JSON.stringify({ events }))).toBeLessThan(1_000_000);

      const result = await call<Receipts>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events },
      });

      expect(result.status).toBe(202);
      const forRack = () => produced.filter((message) => message.key === rackSerial);
      await expectEventually(() =>
        expect(forRack().map((message) => message.value.event.eventId)).toEqual(
          events.map((event) => event.eventId),
        ),
      );
      // With its envelopes, over the broker's default message.max.bytes for one partition: as one produce
      // request the broker refused it, at every retry, together with whatever other posts shared the request.
      const messageBytes = forRack().reduce(
        (sum, message) => sum + Buffer.byteLength(JSON.stringify(message.value)),
        0,
      );
      expect(messageBytes).toBeGreaterThan(1_048_588);
    });

    it('answers an identical re-post as a duplicate and does not produce it twice', async () => {
      const event = stationEvent(assembly);
      expect(
        (await call<Receipts>(eventsUrl(), { token: assembly.token, json: event })).body.events[0].status,
      ).toBe('accepted');
      const again = await call<Receipts>(eventsUrl(), { token: assembly.token, json: event });
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ events: [{ eventId: event.eventId, status: 'duplicate' }] });
      // Inside one batch too: the second copy is the duplicate.
      const twin = stationEvent(assembly, { rackSerial: event.rackSerial });
      const batch = await call<Receipts>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events: [twin, twin] },
      });
      expect(batch.body.events.map((receipt) => receipt.status)).toEqual(['accepted', 'duplicate']);

      await drainRack(assembly, event.rackSerial as string);
      expect(producedIds().filter((id) => id === event.eventId)).toHaveLength(1);
      expect(producedIds().filter((id) => id === twin.eventId)).toHaveLength(1);
    });

    it('answers an event the tracker already recorded as a duplicate, and produces one reusing its id with other content', async () => {
      const recorded = stationEvent(assembly);
      const hash = stationEventContentHash(plainToInstance(StationEventDto, recorded));
      await database.query(
        `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at, payload, content_hash, outcome, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, 'accepted', 0, 0)`,
        [
          recorded.eventId,
          recorded.rackSerial,
          recorded.stationId,
          recorded.stage,
          recorded.type,
          recorded.occurredAt,
          JSON.stringify(recorded),
          hash,
        ],
      );
      const repost = await call<Receipts>(eventsUrl(), { token: assembly.token, json: recorded });
      expect(repost.body).toEqual({ events: [{ eventId: recorded.eventId, status: 'duplicate' }] });

      const reused = { ...recorded, type: 'failed' };
      const different = await call<Receipts>(eventsUrl(), { token: assembly.token, json: reused });
      expect(different.body).toEqual({ events: [{ eventId: recorded.eventId, status: 'accepted' }] });

      await drainRack(assembly, recorded.rackSerial as string);
      const copies = produced.filter((message) => message.value.event.eventId === recorded.eventId);
      expect(copies.map((message) => message.value.event.type)).toEqual(['failed']);
    });

    it('lets a supervisor hold a rack at any stage, and nothing else', async () => {
      const supervisor = await registerStation(ingest.url, {
        stationId: 'SUP-01',
        stage: 'assembly',
        role: 'supervisor',
      });
      expect(supervisor.role).toBe('supervisor');
      const hold = stationEvent(supervisor, { stage: 'qa', type: 'hold' });
      expect((await call(eventsUrl(), { token: supervisor.token, json: hold })).status).toBe(202);
      const started = await call<ErrorBody>(eventsUrl(), {
        token: supervisor.token,
        json: stationEvent(supervisor, { type: 'started' }),
      });
      expect(started.status).toBe(403);
      expect(started.body.errors).toEqual([
        { path: 'type', reason: 'supervisor station SUP-01 may post only hold, release, scrap, not started' },
      ]);
    });
  });

  describe('refusing requests', () => {
    it('400 lists every failing field of a batch at once, and produces none of it', async () => {
      const good = stationEvent(assembly);
      const events = [
        good,
        stationEvent(assembly, { eventId: 'not-a-uuid' }),
        stationEvent(assembly, { type: 'teleported' }),
        stationEvent(assembly, { type: 'component_installed' }),
        stationEvent(assembly, { type: 'hold', measurements: [{ name: 'inlet', value: 21, unit: 'C' }] }),
        stationEvent(assembly, { colour: 'red' }),
        stationEvent(assembly, {
          type: 'component_installed',
          components: [
            { serial: 'GPU-1', partNumber: 'GPU-B200', kind: 'toaster', supplierId: 's-1', lot: 'L1' },
          ],
        }),
      ];
      const result = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events },
      });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
      });
      const paths = result.body.errors!.map((error) => error.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'events.1.eventId',
          'events.2.type',
          'events.3.components',
          'events.4.measurements',
          'events.5.colour',
          'events.6.components.0.kind',
        ]),
      );
      expect(paths.some((path) => path.startsWith('events.0.'))).toBe(false);
      expect(result.body.errors).toEqual(
        expect.arrayContaining([
          { path: 'events.1.eventId', reason: 'eventId must be a UUID' },
          { path: 'events.3.components', reason: 'components are required for component_installed' },
          {
            path: 'events.4.measurements',
            reason: 'measurements are only allowed on passed, failed, completed',
          },
          { path: 'events.5.colour', reason: 'property colour should not exist' },
        ]),
      );
      await drainRack(assembly, good.rackSerial as string);
      expect(producedIds()).not.toContain(good.eventId);
    });

    it('400 names each burn-in field out of place or malformed: location, reason and reasonCode', async () => {
      const events = [
        stationEvent(assembly, { type: 'passed', location: { cell: 'BI-A1', position: 1 } }),
        stationEvent(assembly, { type: 'started', location: { cell: 'BI A1', position: 0 } }),
        stationEvent(assembly, { type: 'hold', reason: 'chiller trip\nloop 3', reasonCode: 'Facility' }),
        stationEvent(assembly, { type: 'passed', reasonCode: 'mrb' }),
      ];
      const result = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events },
      });

      expect(result.status).toBe(400);
      expect(result.body.errors).toEqual(
        expect.arrayContaining([
          { path: 'events.0.location', reason: 'location is only allowed on started' },
          { path: 'events.1.location.cell', reason: expect.stringContaining('cell must be 1-32 characters') },
          { path: 'events.1.location.position', reason: 'position must be at least 1' },
          {
            path: 'events.2.reason',
            reason: 'reason contains the control character U+000A; it must be one line of plain text',
          },
          {
            path: 'events.2.reasonCode',
            reason: expect.stringContaining('reasonCode must be lower_snake_case'),
          },
          { path: 'events.3.reasonCode', reason: 'reasonCode is only allowed on hold and release' },
        ]),
      );
    });

    it('400 for a body that is not JSON, and 415 for one that is not declared as JSON', async () => {
      const broken = await call<ErrorBody>(eventsUrl(), { token: assembly.token, raw: '{"eventId": "abc",' });
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'body is not valid JSON',
      });
      const text = await call<ErrorBody>(eventsUrl(), {
        token: assembly.token,
        raw: 'started',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
    });

    it('400 naming the key for a body with __proto__, constructor or prototype keys, and produces none of it', async () => {
      const event = stationEvent(assembly, { details: { note: 'placeholder' } });
      // Written by hand: JSON.stringify of an object literal cannot produce a __proto__ key.
      const raw = JSON.stringify(event).replace(
        '"note":"placeholder"',
        '"note":"placeholder","__proto__":{"isAdmin":true}',
      );
      const single = await call<ErrorBody>(eventsUrl(), { token: assembly.token, raw });
      expect(single.status).toBe(400);
      expect(single.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(single.body.message).toContain('details.__proto__');
      expect(single.body.errors).toEqual([
        { path: 'details.__proto__', reason: expect.stringContaining('the key __proto__ is not accepted') },
      ]);

      const good = stationEvent(assembly);
      const batch = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        raw: `{"events":[${JSON.stringify(good)},${JSON.stringify(event).replace(
          '"details":{',
          '"details":{"constructor":{"prototype":1},',
        )}]}`,
      });
      expect(batch.status).toBe(400);
      expect(batch.body.errors!.map((error) => error.path)).toEqual(['events.1.details.constructor']);
      await drainRack(assembly, good.rackSerial as string);
      expect(producedIds()).not.toContain(good.eventId);
      expect(producedIds()).not.toContain(event.eventId);
      // Without the reserved keys the same event is welcome: the key alone was the problem.
      expect((await call(eventsUrl(), { token: assembly.token, json: event })).status).toBe(202);
    });

    it('400 for an empty batch and for one over 500 events', async () => {
      const empty = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events: [] },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([
        { path: 'events', reason: 'events must contain at least 1 elements' },
      ]);
      const tooMany = Array.from({ length: 501 }, () => ({ eventId: randomUUID() }));
      const big = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events: tooMany },
      });
      expect(big.status).toBe(400);
      expect(big.body.errors).toContainEqual({
        path: 'events',
        reason: 'events must contain no more than 500 elements',
      });
    });

    it('401 without a token, with a wrong one, and with a revoked one', async () => {
      const event = stationEvent(assembly);
      const missing = await call<ErrorBody>(eventsUrl(), { json: event });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect((await call(eventsUrl(), { token: `st_${'A'.repeat(43)}`, json: event })).status).toBe(401);
      expect((await call(eventsUrl(), { token: 'garbage', json: event })).status).toBe(401);

      const doomed = await registerStation(ingest.url, { stationId: 'ASSY-09', stage: 'assembly' });
      const own = (overrides: Record<string, unknown> = {}) => stationEvent(doomed, overrides);
      expect((await call(eventsUrl(), { token: doomed.token, json: own() })).status).toBe(202);
      expect(
        (await call(`${ingest.url}/v1/stations/ASSY-09`, { method: 'DELETE', token: ADMIN_TOKEN })).status,
      ).toBe(204);
      const revoked = await call<ErrorBody>(eventsUrl(), { token: doomed.token, json: own() });
      expect(revoked.status).toBe(401);
      expect(revoked.body.message).toBe('unknown or revoked station token');
    });

    it('403 for a station posting at another stage or as another station, naming why', async () => {
      const otherStage = await call<ErrorBody>(eventsUrl(), {
        token: assembly.token,
        json: stationEvent(assembly, { stage: 'burn_in' }),
      });
      expect(otherStage.status).toBe(403);
      expect(otherStage.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'station ASSY-01 may not post this event',
        errors: [{ path: 'stage', reason: 'station ASSY-01 serves stage assembly, not burn_in' }],
      });
      const good = stationEvent(assembly);
      const otherStation = await call<ErrorBody>(`${eventsUrl()}/batch`, {
        token: assembly.token,
        json: { events: [good, stationEvent({ stationId: 'ASSY-02', stage: 'assembly' })] },
      });
      expect(otherStation.status).toBe(403);
      expect(otherStation.body.errors).toEqual([
        {
          path: 'events.1.stationId',
          reason: 'authenticated as station ASSY-01, cannot post for station ASSY-02',
        },
      ]);
      await drainRack(assembly, good.rackSerial as string);
      expect(producedIds()).not.toContain(good.eventId);
    });

    it('413 for a body over 1 MB', async () => {
      const result = await call<ErrorBody>(eventsUrl(), {
        token: assembly.token,
        json: stationEvent(assembly, { details: { blob: 'x'.repeat(1_100_000) } }),
      });
      expect(result.status).toBe(413);
      expect(result.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('counts accepted, duplicate and refused requests', async () => {
      const metrics = (await call<string>(`${ingest.url}/metrics`)).body;
      const value = (series: string) =>
        Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 'NaN');
      expect(value('ingest_events_total{status="accepted",service="ingest"}')).toBeGreaterThan(0);
      expect(value('ingest_events_total{status="duplicate",service="ingest"}')).toBeGreaterThan(0);
      for (const reason of ['invalid', 'unauthorized', 'forbidden', 'too_large']) {
        expect(value(`ingest_requests_rejected_total{reason="${reason}",service="ingest"}`)).toBeGreaterThan(
          0,
        );
      }
    });
  });

  describe('station administration', () => {
    it('requires the admin token', async () => {
      expect((await call(`${ingest.url}/v1/stations`)).status).toBe(401);
      expect(
        (await call(`${ingest.url}/v1/stations`, { token: 'wrong-admin-token-0123456789abcdef' })).status,
      ).toBe(401);
      expect((await call(`${ingest.url}/v1/stations`, { token: assembly.token })).status).toBe(401);
    });

    it('registers once, lists without secrets, revokes, and re-registers a revoked id with a new token', async () => {
      const first = await registerStation(ingest.url, { stationId: 'QA-01', stage: 'qa' });
      expect(first).toEqual({
        stationId: 'QA-01',
        stage: 'qa',
        role: 'station',
        siteId: 'site-1',
        lineId: 'line-1',
        token: expect.stringMatching(/^st_[\w-]{43}$/),
      });
      const [{ token_hash }] = await database.query<{ token_hash: string }>(
        `SELECT token_hash FROM station WHERE station_id = 'QA-01'`,
      );
      expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(token_hash).not.toContain(first.token);

      const clash = await call<ErrorBody>(`${ingest.url}/v1/stations`, {
        token: ADMIN_TOKEN,
        json: { stationId: 'QA-01', stage: 'qa', siteId: 's', lineId: 'l' },
      });
      expect(clash.status).toBe(409);

      const listed = await call<{ stations: Record<string, unknown>[] }>(`${ingest.url}/v1/stations`, {
        token: ADMIN_TOKEN,
      });
      expect(listed.status).toBe(200);
      expect(listed.body.stations.find((station) => station.stationId === 'QA-01')).toEqual({
        stationId: 'QA-01',
        stage: 'qa',
        role: 'station',
        siteId: 'site-1',
        lineId: 'line-1',
        createdAt: expect.any(String),
        revokedAt: null,
      });
      expect(JSON.stringify(listed.body)).not.toMatch(/token|hash|st_/i);

      expect(
        (await call(`${ingest.url}/v1/stations/QA-01`, { method: 'DELETE', token: ADMIN_TOKEN })).status,
      ).toBe(204);
      expect(
        (await call(`${ingest.url}/v1/stations/NOPE-99`, { method: 'DELETE', token: ADMIN_TOKEN })).status,
      ).toBe(404);
      const again = await registerStation(ingest.url, { stationId: 'QA-01', stage: 'qa' });
      expect(again.token).not.toBe(first.token);
      expect((await call(eventsUrl(), { token: first.token, json: stationEvent(again) })).status).toBe(401);
      expect((await call(eventsUrl(), { token: again.token, json: stationEvent(again) })).status).toBe(202);
    });

    it('validates registrations field by field', async () => {
      const result = await call<ErrorBody>(`${ingest.url}/v1/stations`, {
        token: ADMIN_TOKEN,
        json: { stationId: ' bad id', stage: 'Burn-In', siteId: 'site-1', role: 'boss', extra: 1 },
      });
      expect(result.status).toBe(400);
      expect(result.body.errors!.map((error) => error.path).sort()).toEqual([
        'extra',
        'lineId',
        'role',
        'stage',
        'stationId',
      ]);
    });
  });

  describe('station administration by issued tokens, audited', () => {
    /** A token as the api issues it (tk_ + 43 characters, stored as its SHA-256), written straight to the table. */
    async function issuedToken(
      role: 'manager' | 'admin',
      name: string,
    ): Promise<{ id: string; token: string }> {
      const token = `tk_${randomBytes(32).toString('base64url')}`;
      const [row] = await database.query<{ id: string }>(
        `INSERT INTO access_token (name, role, token_hash, created_by) VALUES ($1, $2, $3, 'admin-token') RETURNING id`,
        [name, role, createHash('sha256').update(token).digest('hex')],
      );
      return { id: row!.id, token };
    }

    it("lets an admin token issued through the api manage stations, refuses a manager's, and audits each change", async () => {
      const admin = await issuedToken('admin', 'Line engineer Bo');
      const manager = await issuedToken('manager', 'Shift lead');
      const body = { stationId: 'SHIP-07', stage: 'ship', siteId: 'site-1', lineId: 'line-1' };

      expect((await call(`${ingest.url}/v1/stations`, { token: manager.token, json: body })).status).toBe(
        403,
      );
      const registered = await call<{ token: string }>(`${ingest.url}/v1/stations`, {
        token: admin.token,
        json: body,
      });
      expect(registered.status).toBe(201);
      expect(
        (await call(`${ingest.url}/v1/stations/SHIP-07`, { method: 'DELETE', token: ADMIN_TOKEN })).status,
      ).toBe(204);
      // A second revocation changes nothing, so it is not a change to audit.
      expect(
        (await call(`${ingest.url}/v1/stations/SHIP-07`, { method: 'DELETE', token: ADMIN_TOKEN })).status,
      ).toBe(204);

      const entries = await database.query<{
        actor_id: string;
        actor_name: string;
        service: string;
        action: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      }>(
        `SELECT actor_id, actor_name, service, action, before, after FROM audit_entry
          WHERE subject_type = 'station' AND subject_id = 'SHIP-07' ORDER BY id`,
      );
      expect(entries).toEqual([
        {
          actor_id: `token:${admin.id}`,
          actor_name: 'Line engineer Bo',
          service: 'ingest',
          action: 'station.register',
          before: null,
          after: expect.objectContaining({ stationId: 'SHIP-07', stage: 'ship', revokedAt: null }),
        },
        {
          actor_id: 'admin-token',
          actor_name: 'ADMIN_TOKEN',
          service: 'ingest',
          action: 'station.revoke',
          before: expect.objectContaining({ revokedAt: null }),
          after: expect.objectContaining({ revokedAt: expect.any(String) }),
        },
      ]);
      // The station's token never reaches the audit log.
      expect(JSON.stringify(entries)).not.toContain(registered.body.token);
    });

    it('does not take a manager or admin token for posting events: those are for stations only', async () => {
      const admin = await issuedToken('admin', 'Not a station');
      const response = await call(eventsUrl(), { token: admin.token, json: stationEvent(assembly) });
      expect(response.status).toBe(401);
    });
  });

  describe('station:add CLI', () => {
    const cli = (args: string[]) =>
      run(process.execPath, [resolve(ROOT, 'dist/apps/ingest/src/cli/station-add.js'), ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url },
      });

    it('prints a token that then works for posting', async () => {
      const { stdout } = await cli([
        '--station',
        'BURNIN-07',
        '--stage',
        'burn_in',
        '--site',
        'site-1',
        '--line',
        'line-2',
      ]);
      const token = stdout.trim();
      expect(token).toMatch(/^st_[\w-]{43}$/);
      const station = { stationId: 'BURNIN-07', stage: 'burn_in' };
      const result = await call<Receipts>(eventsUrl(), { token, json: stationEvent(station) });
      expect(result.status).toBe(202);
      // Registrations from the command line are audited too, naming the CLI and the OS user who ran it.
      const [entry] = await database.query<{ actor_id: string; actor_name: string; action: string }>(
        `SELECT actor_id, actor_name, action FROM audit_entry WHERE subject_type = 'station' AND subject_id = 'BURNIN-07'`,
      );
      expect(entry).toEqual({
        actor_id: 'cli:station-add',
        actor_name: expect.stringMatching(/^station:add run by /),
        action: 'station.register',
      });
    });

    it('prints JSON with --json and registers supervisors', async () => {
      const { stdout } = await cli([
        '--station',
        'SUP-02',
        '--stage',
        'qa',
        '--site',
        'site-1',
        '--line',
        'line-1',
        '--role',
        'supervisor',
        '--json',
      ]);
      expect(JSON.parse(stdout)).toEqual({
        stationId: 'SUP-02',
        stage: 'qa',
        role: 'supervisor',
        siteId: 'site-1',
        lineId: 'line-1',
        token: expect.stringMatching(/^st_/),
      });
    });

    it('explains usage mistakes and refuses an active id', async () => {
      const missing = await cli(['--station', 'X-1']).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(missing?.code).toBe(64);
      expect(missing?.stderr).toContain('missing --stage, --site, --line');
      expect(missing?.stderr).toContain('Usage: npm run station:add');

      const badRole = await cli([
        '--station',
        'X-1',
        '--stage',
        'qa',
        '--site',
        's',
        '--line',
        'l',
        '--role',
        'boss',
      ]).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(badRole?.code).toBe(64);
      expect(badRole?.stderr).toContain('role must be one of: station, supervisor');

      const taken = await cli([
        '--station',
        'ASSY-01',
        '--stage',
        'assembly',
        '--site',
        's',
        '--line',
        'l',
      ]).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(taken?.code).toBe(1);
      expect(taken?.stderr).toContain('station ASSY-01 is already registered');
    });
  });

  describe('without Kafka', () => {
    let stranded: RunningService;

    beforeAll(async () => {
      stranded = await startService('ingest', {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`,
      });
    });

    afterAll(async () => {
      await stranded?.stop();
    });

    it('still boots, answers events with 503 and Retry-After, and reports Kafka down in /health', async () => {
      const event = stationEvent(assembly);
      const result = await call<ErrorBody>(`${stranded.url}/v1/events`, {
        token: assembly.token,
        json: event,
      });
      expect(result.status).toBe(503);
      expect(result.headers.get('retry-after')).toBe('5');
      expect(result.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringContaining('Kafka is unavailable'),
      });

      const health = await call<{ status: string; checks: Record<string, { status: string }> }>(
        `${stranded.url}/health`,
      );
      expect(health.status).toBe(503);
      expect(health.body.checks).toMatchObject({ kafka: { status: 'down' }, postgres: { status: 'up' } });

      const metrics = (await call<string>(`${stranded.url}/metrics`)).body;
      expect(metrics).toMatch(/^ingest_requests_rejected_total\{reason="unavailable",service="ingest"\} 1$/m);
      // Validation and authentication still answer first: a bad request is not a Kafka problem.
      expect((await call(`${stranded.url}/v1/events`, { json: event })).status).toBe(401);
      expect(
        (await call(`${stranded.url}/v1/events`, { token: assembly.token, json: { ...event, eventId: 'x' } }))
          .status,
      ).toBe(400);
    });
  });
});
