import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DispositionTableView } from '../../apps/api/src/dispositions/disposition-table.view.js';
import type { QualityFailuresView, SupplierQualityList } from '../../apps/api/src/quality/quality.view.js';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import type {
  SupplierReturnPage,
  SupplierReturnView,
} from '../../apps/api/src/supplier-returns/supplier-return.view.js';
import { issueToken, jsonClient } from '../api/api-fixtures.js';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

// From failure code to action, end to end: events posted to the real ingest, decided by the real tracker from the
// disposition table, read back and acted on through the real api. Rack 1 fails Xid 79 on one GPU twice (reseat,
// then replace); rework takes the GPU out, which opens a supplier return. Rack 2's leak detector goes Critical
// (engineering hold). An admin then saves a table that sends Xid 79 straight to engineering hold, and rack 3's
// first Xid 79 follows it.

const RACK_1 = 'RK-DISP-1';
const RACK_2 = 'RK-DISP-2';
const RACK_3 = 'RK-DISP-3';
const GPU_SUPPLIER = 'sup-tw-disp';
const MINUTE = 60_000;

const part = (
  serial: string,
  kind: string,
  partNumber: string,
  supplierId: string,
  lot: string,
  parentSerial?: string,
) => ({
  serial,
  kind,
  partNumber,
  supplierId,
  lot,
  ...(parentSerial === undefined ? {} : { parentSerial }),
});
const trayOf = (rack: string) => part(`CT-${rack}`, 'compute_tray', 'CT-GB-1U', 'sup-tx-disp', 'T-1');
const gpuOf = (rack: string, slot: number, lot = 'G-BAD') =>
  part(`GPU-${rack}-${slot}`, 'gpu', 'GPU-B200', GPU_SUPPLIER, lot, `CT-${rack}`);

describe('dispositions: failure codes decided by the table, supplier returns and supplier quality', () => {
  let database: TestDatabase;
  let ingest: RunningService;
  let tracker: RunningService;
  let api: RunningService;
  let reader: ReturnType<typeof jsonClient>;
  let admin: ReturnType<typeof jsonClient>;
  let managerToken: string;
  const stations: Record<string, RegisteredStation> = {};
  const t0 = Date.now() - 6 * 3600_000;
  let minute = 0;

  /** Posts one event at the next minute of the story; answers its id, or the 400 body when `expectStatus` says so. */
  async function post(stage: string, rackSerial: string, type: string, extra: Record<string, unknown> = {}) {
    minute += 1;
    const event = {
      eventId: randomUUID(),
      rackSerial,
      stationId: stations[stage]!.stationId,
      stage,
      type,
      occurredAt: new Date(t0 + minute * MINUTE).toISOString(),
      ...extra,
    };
    const result = await call(`${ingest.url}/v1/events`, { token: stations[stage]!.token, json: event });
    if (result.status !== 202)
      throw new Error(
        `posting ${type} for ${rackSerial} answered ${result.status}: ${JSON.stringify(result.body)}`,
      );
    return event.eventId;
  }

  async function rack(serial: string): Promise<RackDetailView> {
    const response = await reader.get<RackDetailView>(`/v1/racks/${serial}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Waits until the tracker has applied (or refused) the event. */
  async function applied(serial: string, eventId: string): Promise<RackDetailView> {
    return expectEventually(async () => {
      const detail = await rack(serial);
      expect([...detail.history, ...detail.rejections].map((entry) => entry.eventId)).toContain(eventId);
      return detail;
    });
  }

  /** A rack built with one tray and two GPUs, passed through assembly and started in burn-in. */
  async function buildAndStartBurnIn(serial: string): Promise<void> {
    await post('assembly', serial, 'started');
    await post('assembly', serial, 'component_installed', {
      components: [trayOf(serial), gpuOf(serial, 1), gpuOf(serial, 2, 'G-GOOD')],
    });
    await post('assembly', serial, 'passed');
    await post('burn_in', serial, 'started');
  }

  beforeAll(async () => {
    const prefix = await createTestTopics();
    database = await createTestDatabase('dispositions');
    const env = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix };
    [ingest, tracker, api] = await Promise.all([
      startService('ingest', env),
      startService('tracker', { ...env, TRACKER_CONSUMER_GROUP: `g-${prefix}` }),
      startService('api', env),
    ]);
    admin = jsonClient(api.url, ADMIN_TOKEN);
    managerToken = (await issueToken(api.url, 'manager')).token;
    reader = jsonClient(api.url, managerToken);
    for (const [stage, stationId] of [
      ['assembly', 'ASSY-D1'],
      ['burn_in', 'BURNIN-D1'],
      ['qa', 'QA-D1'],
      ['ship', 'SHIP-D1'],
    ] as const) {
      stations[stage] = await registerStation(ingest.url, { stationId, stage });
    }
    expect(
      (await admin.put(`/v1/suppliers/${GPU_SUPPLIER}`, { name: 'Hsinchu Silicon', country: 'TW' })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([ingest?.stop(), tracker?.stop(), api?.stop()]);
    await database?.drop();
  });

  it('refuses a malformed failure code at ingest, naming the field', async () => {
    const result = await call<{ errors: { path: string; reason: string }[] }>(`${ingest.url}/v1/events`, {
      token: stations.burn_in!.token,
      json: {
        eventId: randomUUID(),
        rackSerial: RACK_1,
        stationId: stations.burn_in!.stationId,
        stage: 'burn_in',
        type: 'failed',
        occurredAt: new Date(t0).toISOString(),
        failures: [{ code: 'xid 79', message: 'fell\noff' }],
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((error) => error.path).sort()).toEqual([
      'failures.0.code',
      'failures.0.message',
    ]);
  });

  it('reseats on the first Xid 79 of a GPU and replaces it on the second, opening a supplier return on removal', async () => {
    await buildAndStartBurnIn(RACK_1);
    const gpu = gpuOf(RACK_1, 1).serial;
    const xid79 = { code: 'XID-79', componentSerial: gpu, message: 'GPU has fallen off the bus' };
    await post('burn_in', RACK_1, 'failed', { failures: [xid79] });
    await post('burn_in', RACK_1, 'rework_started');
    await post('burn_in', RACK_1, 'rework_completed');
    await post('burn_in', RACK_1, 'started');
    const secondFailure = await post('burn_in', RACK_1, 'failed', {
      failures: [xid79],
      measurements: [{ name: 'gpu_temp_max', value: 97, unit: 'C', high: 90 }],
    });
    await post('burn_in', RACK_1, 'rework_started');
    const removal = await post('burn_in', RACK_1, 'component_removed', { components: [{ serial: gpu }] });
    await post('burn_in', RACK_1, 'component_installed', { components: [gpuOf(RACK_1, 3, 'G-GOOD')] });
    await post('burn_in', RACK_1, 'rework_completed');
    await post('burn_in', RACK_1, 'started');
    const last = await post('burn_in', RACK_1, 'passed');

    const detail = await applied(RACK_1, last);
    expect(detail.rejections.map((rejection) => rejection.detail)).toEqual([]);
    expect(detail.state).toMatchObject({ stage: 'burn_in', status: 'passed', reworkCount: 2 });
    expect(detail.dispositions).toEqual([
      expect.objectContaining({
        code: 'XID-79',
        componentSerial: gpu,
        action: 'reseat',
        occurrence: 1,
        tableVersion: 0,
        lot: 'G-BAD',
        supplierId: GPU_SUPPLIER,
        message: 'GPU has fallen off the bus',
      }),
      expect.objectContaining({
        code: 'XID-79',
        componentSerial: gpu,
        action: 'replace_part',
        occurrence: 2,
        rulePattern: 'XID-79',
      }),
    ]);

    const open = await reader.get<SupplierReturnPage>(`/v1/rma?supplierId=${GPU_SUPPLIER}&status=open`);
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        status: 'open',
        supplierId: GPU_SUPPLIER,
        supplierName: 'Hsinchu Silicon',
        supplierCountry: 'TW',
        partNumber: 'GPU-B200',
        componentSerial: gpu,
        lot: 'G-BAD',
        codes: ['XID-79'],
        rackSerial: RACK_1,
        failureEventId: secondFailure,
        removalEventId: removal,
        measurements: [{ name: 'gpu_temp_max', value: 97, unit: 'C', low: null, high: 90, passed: false }],
      }),
    ]);
  });

  it('puts a rack whose leak detector goes Critical on engineering hold with reason code mrb', async () => {
    await buildAndStartBurnIn(RACK_2);
    const failed = await post('burn_in', RACK_2, 'failed', {
      failures: [{ code: 'LEAK-CRITICAL', message: 'tray 1 drip tray wet' }],
    });
    const detail = await applied(RACK_2, failed);
    expect(detail.state).toMatchObject({
      status: 'on_hold',
      holdReason: { reason: 'engineering hold (MRB): LEAK-CRITICAL', reasonCode: 'mrb' },
    });
    expect(detail.history.at(-1)).toMatchObject({
      eventType: 'failed',
      to: { stage: 'burn_in', status: 'on_hold' },
      reasonCode: 'mrb',
    });
    expect(detail.dispositions.map((d) => [d.code, d.componentSerial, d.action])).toEqual([
      ['LEAK-CRITICAL', null, 'engineering_hold'],
    ]);
  });

  it('refuses a failure naming a part the rack does not hold, saying which and where it is', async () => {
    await buildAndStartBurnIn(RACK_3);
    const stranger = gpuOf(RACK_1, 2, 'G-GOOD').serial;
    const refused = await post('burn_in', RACK_3, 'failed', {
      failures: [{ code: 'XID-48', componentSerial: stranger }],
    });
    const detail = await applied(RACK_3, refused);
    expect(detail.rejections.at(-1)).toMatchObject({
      eventId: refused,
      reason: 'component_not_installed',
      detail: `failure XID-48 names part ${stranger}, which is not installed in rack ${RACK_3}; it is installed in rack ${RACK_1}`,
    });
  });

  it('lets an admin save a new table version, audited, which later failures follow', async () => {
    const refused = await admin.put<{ errors: { path: string; reason: string }[] }>('/v1/disposition-table', {
      rules: [
        { pattern: 'XID-79', actions: ['engineering_hold'], windowHours: 168, why: 'x' },
        { pattern: 'XID-79', actions: ['retest'], windowHours: 168, why: 'y' },
        { pattern: 'xid-13', actions: ['pray'], windowHours: 0, why: '' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['rules.2.actions', 'rules.2.windowHours', 'rules.2.why']),
    );
    expect((await reader.put('/v1/disposition-table', { rules: [] })).status).toBe(403);

    const current = await reader.get<DispositionTableView>('/v1/disposition-table');
    expect(current.body).toMatchObject({ version: 0, effectiveFrom: null });
    const rules = current.body.rules.map((rule) =>
      rule.pattern === 'XID-79'
        ? {
            pattern: rule.pattern,
            windowHours: rule.windowHours,
            actions: ['engineering_hold'],
            why: 'MRB reviews every Xid 79 this quarter',
          }
        : rule,
    );
    const saved = await admin.put<DispositionTableView>('/v1/disposition-table', {
      rules,
      note: 'Xid 79 to MRB',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, savedBy: 'ADMIN_TOKEN', note: 'Xid 79 to MRB' });
    const audit = await database.query<{ action: string; subject_id: string }>(
      `SELECT action, subject_id FROM audit_entry WHERE subject_type = 'disposition_table'`,
    );
    expect(audit).toEqual([{ action: 'disposition_table.put', subject_id: '1' }]);
    const versions = await reader.get<{ items: DispositionTableView[] }>('/v1/disposition-table/versions');
    expect(versions.body.items.map((version) => version.version)).toEqual([1, 0]);
    expect((await reader.get('/v1/disposition-table/versions/7')).status).toBe(404);

    // Received now, after the save: the new version is in force.
    const failed = await post('burn_in', RACK_3, 'failed', {
      failures: [{ code: 'XID-79', componentSerial: gpuOf(RACK_3, 1).serial }],
    });
    const detail = await applied(RACK_3, failed);
    expect(detail.rejections.map((rejection) => rejection.detail)).toEqual([expect.stringContaining(RACK_1)]);
    expect(detail.dispositions).toEqual([
      expect.objectContaining({
        action: 'engineering_hold',
        tableVersion: 1,
        why: expect.stringContaining('MRB reviews every Xid 79'),
      }),
    ]);
    expect(detail.state).toMatchObject({ status: 'on_hold', holdReason: { reasonCode: 'mrb' } });
  });

  it('exports returns as CSV and closes one once, audited', async () => {
    const csv = await fetch(`${api.url}/v1/rma?supplierId=${GPU_SUPPLIER}`, {
      headers: { authorization: `Bearer ${managerToken}`, accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'id,status,supplierId,supplierName,supplierCountry,partNumber,kind,componentSerial,lot,codes,rackSerial,siteId,failureEventId,removalEventId,openedAt,closedAt,closedBy,note,measurements',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `,open,${GPU_SUPPLIER},Hsinchu Silicon,TW,GPU-B200,gpu,GPU-${RACK_1}-1,G-BAD,XID-79,${RACK_1},`,
    );

    const [opened] = (await reader.get<SupplierReturnPage>('/v1/rma?status=open')).body.items;
    expect((await reader.post(`/v1/rma/${opened!.id}/close`, { outcome: 'confirmed' })).status).toBe(403);
    const badOutcome = await admin.post<{ errors: { path: string }[] }>(`/v1/rma/${opened!.id}/close`, {
      outcome: 'maybe',
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.errors.map((error) => error.path)).toEqual(['outcome']);
    const closed = await admin.post<SupplierReturnView>(`/v1/rma/${opened!.id}/close`, {
      outcome: 'confirmed',
      note: 'Supplier 8D: cracked BGA joint',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'confirmed',
      closedBy: 'ADMIN_TOKEN',
      note: 'Supplier 8D: cracked BGA joint',
    });
    expect((await admin.post(`/v1/rma/${opened!.id}/close`, { outcome: 'no_fault_found' })).status).toBe(409);
    expect((await admin.post('/v1/rma/999999/close', { outcome: 'confirmed' })).status).toBe(404);
    expect(
      (await reader.get<SupplierReturnPage>('/v1/rma?status=confirmed')).body.items.map((r) => r.id),
    ).toEqual([opened!.id]);
  });

  it('reports each supplier’s failures per 1,000 installed, returns by outcome and top codes', async () => {
    const list = await reader.get<SupplierQualityList>('/v1/quality/suppliers');
    expect(list.status).toBe(200);
    const gpus = list.body.items.find((item) => item.supplierId === GPU_SUPPLIER);
    // Seven GPUs installed (two per rack, plus the replacement); two of them failed with a code (rack 1's, rack 3's).
    expect(gpus).toEqual({
      supplierId: GPU_SUPPLIER,
      name: 'Hsinchu Silicon',
      country: 'TW',
      installed: 7,
      failed: 2,
      failuresPerThousand: 285.7,
      returnsOpen: 0,
      returnsConfirmed: 1,
      returnsNoFaultFound: 0,
      topCodes: [{ code: 'XID-79', failures: 3 }],
    });
  });

  it('charts failures by code, with the action each was most often dispositioned to', async () => {
    const chart = await reader.get<QualityFailuresView>('/v1/quality/failures?groupBy=code');
    expect(chart.status).toBe(200);
    expect(chart.body.pareto.map((entry) => [entry.key, entry.failures, entry.racks])).toEqual([
      ['XID-79', 3, 2],
      ['LEAK-CRITICAL', 1, 1],
    ]);
    expect(chart.body.pareto[1]).toMatchObject({ label: 'engineering_hold' });
  });
});
