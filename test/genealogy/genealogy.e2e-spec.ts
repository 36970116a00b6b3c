import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SHIFT_CALENDAR, productionWeekOf, ShiftCalendar } from '#domain';
import type {
  ComponentNodeView,
  ComponentView,
  RackComponentsView,
  TracePageView,
} from '../../apps/api/src/genealogy/genealogy.view.js';
import type { QualityFailuresView, SourcingView } from '../../apps/api/src/quality/quality.view.js';
import type { SupplierView } from '../../apps/api/src/suppliers/supplier.view.js';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { issueToken, jsonClient } from '../api/api-fixtures.js';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

// The genealogy story end to end: events posted to the real ingest, applied by the real tracker, read back
// through the real api. Rack A is built with a full tree (the route requires 18 compute trays), fails a GPU
// from a bad lot at burn-in, has it swapped in rework, is retested and ships. Rack B is clean but tries to
// install a GPU that sits in A. Rack C holds one GPU of the bad lot and is still on the line.

const MODEL = 'gb300-genealogy';
const RACK_A = 'RK-GEN-A';
const RACK_B = 'RK-GEN-B';
const RACK_C = 'RK-GEN-C';
const BAD_LOT = 'W47-BAD';
// A site whose production week starts at midnight in Tokyo: Sunday 15:00 UTC.
const TOKYO = 'site-tokyo';
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const TOKYO_OFFSET_MS = 9 * HOUR_MS; // Japan keeps no daylight saving

/** The ISO week of an instant in UTC, as a site without a calendar counts weeks. */
const utcWeekOf = (at: Date) => productionWeekOf(ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR), at).week;

interface Part {
  serial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  parentSerial?: string;
}

const tray = (rack: string, index: number, supplierId = 'sup-tx-01'): Part => ({
  serial: `CT-${rack}-${String(index).padStart(2, '0')}`,
  partNumber: 'CT-GB-1U',
  kind: 'compute_tray',
  supplierId,
  lot: 'T-100',
});

const gpu = (trayPart: Part, slot: number, lot: string): Part => ({
  serial: `GPU-${trayPart.serial.slice(3)}-${slot}`,
  partNumber: 'GPU-B300',
  kind: 'gpu',
  supplierId: 'sup-tw-02',
  lot,
  parentSerial: trayPart.serial,
});

/** Trays `from`..`to` of a rack, each followed by its four GPUs (parents before children in one event). */
function trays(rack: string, from: number, to: number, lotOf: (index: number) => string): Part[] {
  const parts: Part[] = [];
  for (let index = from; index <= to; index += 1) {
    const trayPart = tray(rack, index);
    parts.push(trayPart, ...[1, 2, 3, 4].map((slot) => gpu(trayPart, slot, lotOf(index))));
  }
  return parts;
}

function allNodes(nodes: readonly ComponentNodeView[]): ComponentNodeView[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

describe('genealogy: as-built trees, swaps, traces and failure analysis through ingest, tracker and api', () => {
  let database: TestDatabase;
  let ingest: RunningService;
  let tracker: RunningService;
  let api: RunningService;
  let reader: ReturnType<typeof jsonClient>;
  let admin: ReturnType<typeof jsonClient>;
  const stations: Record<string, RegisteredStation> = {};
  // Past enough to be no clock skew, inside one ISO week so the sourcing week holds every install.
  let t0 = Date.now() - 3 * 3600_000;
  const at = (minute: number) => new Date(t0 + minute * 60_000).toISOString();

  async function post(
    stage: string,
    rackSerial: string,
    type: string,
    minute: number,
    extra: Record<string, unknown> = {},
  ) {
    return postAs(stations[stage]!, rackSerial, type, at(minute), extra);
  }

  async function postAs(
    station: RegisteredStation,
    rackSerial: string,
    type: string,
    occurredAt: string,
    extra: Record<string, unknown> = {},
  ) {
    const event = {
      eventId: randomUUID(),
      rackSerial,
      stationId: station.stationId,
      stage: station.stage,
      type,
      occurredAt,
      ...extra,
    };
    const result = await call(`${ingest.url}/v1/events`, { token: station.token, json: event });
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

  /** Waits until the tracker has applied (or refused) the given event of the rack. */
  async function applied(serial: string, eventId: string): Promise<RackDetailView> {
    return expectEventually(async () => {
      const detail = await rack(serial);
      expect([
        ...detail.history.map((entry) => entry.eventId),
        ...detail.rejections.map((entry) => entry.eventId),
      ]).toContain(eventId);
      return detail;
    });
  }

  beforeAll(async () => {
    if (utcWeekOf(new Date(t0)) !== utcWeekOf(new Date(t0 + 60 * 60_000))) t0 -= 2 * 3600_000;
    const prefix = await createTestTopics();
    database = await createTestDatabase('genealogy');
    const env = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix };
    [ingest, tracker, api] = await Promise.all([
      startService('ingest', env),
      startService('tracker', { ...env, TRACKER_CONSUMER_GROUP: `g-${prefix}` }),
      startService('api', env),
    ]);
    admin = jsonClient(api.url, ADMIN_TOKEN);
    reader = jsonClient(api.url, (await issueToken(api.url, 'manager')).token);
    for (const [stage, stationId] of [
      ['assembly', 'ASSY-01'],
      ['burn_in', 'BURNIN-07'],
      ['qa', 'QA-01'],
      ['ship', 'SHIP-01'],
    ] as const) {
      stations[stage] = await registerStation(ingest.url, { stationId, stage });
    }
    await expectEventually(async () => expect((await call(`${ingest.url}/health`)).status).toBe(200));
    const route = await admin.put(`/v1/routes/${MODEL}`, {
      stages: ['assembly', 'burn_in', 'qa', 'ship'],
      requiredSlots: { compute_tray: 18 },
    });
    if (route.status !== 200)
      throw new Error(`storing the route answered ${route.status}: ${JSON.stringify(route.body)}`);
  });

  afterAll(async () => {
    await Promise.all([ingest?.stop(), tracker?.stop(), api?.stop()]);
    await database?.drop();
  });

  describe('suppliers', () => {
    it('are created and replaced by an admin, audited, and read by managers', async () => {
      for (const [id, name, country] of [
        ['sup-tw-02', 'Hsinchu Silicon', 'TW'],
        ['sup-us-01', 'Arizona Accelerators', 'US'],
        ['sup-tx-01', 'Lone Star Trays (old name)', 'US'],
        ['sup-tx-01', 'Lone Star Trays', 'US'],
      ]) {
        const put = await admin.put<SupplierView>(`/v1/suppliers/${id}`, { name, country });
        expect(put.status).toBe(200);
        expect(put.body).toEqual({ id, name, country, updatedAt: expect.any(String) });
      }
      const one = await reader.get<SupplierView>('/v1/suppliers/sup-tx-01');
      expect(one.body).toMatchObject({ id: 'sup-tx-01', name: 'Lone Star Trays', country: 'US' });
      const list = await reader.get<{ items: SupplierView[] }>('/v1/suppliers');
      expect(list.body.items.map((supplier) => supplier.id)).toEqual(['sup-tw-02', 'sup-tx-01', 'sup-us-01']);
      const audit = await database.query<{
        action: string;
        before: { name: string } | null;
        after: { name: string };
      }>(
        `SELECT action, before, after FROM audit_entry WHERE subject_type = 'supplier' AND subject_id = 'sup-tx-01' ORDER BY id`,
      );
      expect(audit.map((entry) => [entry.action, entry.before?.name ?? null, entry.after.name])).toEqual([
        ['supplier.put', null, 'Lone Star Trays (old name)'],
        ['supplier.put', 'Lone Star Trays (old name)', 'Lone Star Trays'],
      ]);
    });

    it('refuses a country that is not ISO 3166-1 alpha-2, a manager, and an unknown id', async () => {
      const bad = await admin.put<{ message: string; errors: { path: string }[] }>('/v1/suppliers/sup-x', {
        name: 'X',
        country: 'Taiwan',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('Validation failed');
      expect(bad.body.errors.map((error) => error.path)).toEqual(['country']);
      expect((await reader.put('/v1/suppliers/sup-x', { name: 'X', country: 'TW' })).status).toBe(403);
      expect((await reader.get('/v1/suppliers/sup-unknown')).status).toBe(404);
    });
  });

  describe('a rack built, failed at burn-in, reworked and shipped', () => {
    let failedAt: string;
    let swapOutEventId: string;

    beforeAll(async () => {
      // Rack A: 17 trays first (trays 1-9 carry GPUs of the bad lot), then a pass that must be refused.
      await post('assembly', RACK_A, 'started', 0, { rackModel: MODEL });
      await post('assembly', RACK_A, 'component_installed', 1, {
        components: trays(RACK_A, 1, 17, (index) => (index <= 9 ? BAD_LOT : 'W47-GOOD')),
      });
      await post('assembly', RACK_A, 'passed', 2);
      await post('assembly', RACK_A, 'component_installed', 3, {
        components: trays(RACK_A, 18, 18, () => 'W47-GOOD'),
      });
      const installedAll = await post('assembly', RACK_A, 'passed', 4);
      // B may only try to take A's GPU once A holds it: racks live on different partitions.
      await applied(RACK_A, installedAll);

      await post('assembly', RACK_B, 'started', 0, { rackModel: MODEL });
      await post('assembly', RACK_B, 'component_installed', 1, {
        components: trays(RACK_B, 1, 18, () => 'W47-GOOD'),
      });
      await post('assembly', RACK_B, 'component_installed', 2, {
        components: [{ ...gpu(tray(RACK_B, 1), 5, BAD_LOT), serial: `GPU-${RACK_A}-01-2` }],
      });
      const bPassed = await post('assembly', RACK_B, 'passed', 3);

      await post('assembly', RACK_C, 'started', 0, { rackModel: MODEL });
      const cTray = tray(RACK_C, 1, 'sup-zz-01'); // a supplier nobody registered
      await post('assembly', RACK_C, 'component_installed', 1, {
        components: [cTray, gpu(cTray, 1, BAD_LOT)],
      });
      // Three more refusals, each its own reason; none may change C's tree.
      await post('assembly', RACK_C, 'component_removed', 2, {
        components: [{ serial: 'GPU-NEVER-INSTALLED' }],
      });
      await post('assembly', RACK_C, 'component_installed', 3, {
        components: [{ ...gpu(tray(RACK_C, 2), 1, 'W47-GOOD'), parentSerial: `CT-${RACK_B}-01` }],
      });
      const cLast = await post('assembly', RACK_C, 'component_removed', 4, {
        components: [{ serial: cTray.serial }],
      });

      await post('burn_in', RACK_A, 'started', 5);
      failedAt = at(6);
      await post('burn_in', RACK_A, 'failed', 6, {
        failedComponents: [`GPU-${RACK_A}-01-1`],
        measurements: [
          { name: 'gpu_temp_max', value: 97.5, unit: 'C', low: 20, high: 90 },
          { name: 'nvlink_bandwidth', value: 1.8, unit: 'TB/s', low: 1.5 },
        ],
      });
      await post('burn_in', RACK_A, 'rework_started', 7);
      swapOutEventId = await post('burn_in', RACK_A, 'component_removed', 8, {
        components: [{ serial: `GPU-${RACK_A}-01-1` }],
      });
      await post('burn_in', RACK_A, 'component_installed', 9, {
        components: [
          {
            serial: `GPU-${RACK_A}-01-1R`,
            partNumber: 'GPU-B300',
            kind: 'gpu',
            supplierId: 'sup-us-01',
            lot: 'W48-GOOD',
            parentSerial: `CT-${RACK_A}-01`,
          },
        ],
      });
      await post('burn_in', RACK_A, 'rework_completed', 10);
      await post('burn_in', RACK_A, 'started', 11);
      await post('burn_in', RACK_A, 'passed', 12, {
        measurements: [{ name: 'gpu_temp_max', value: 91, unit: 'C', low: 20, high: 90 }],
      });
      await post('burn_in', RACK_A, 'passed', 13, {
        measurements: [{ name: 'gpu_temp_max', value: 78, unit: 'C', low: 20, high: 90 }],
      });
      await post('qa', RACK_A, 'started', 14);
      await post('qa', RACK_A, 'passed', 15);
      await post('ship', RACK_A, 'started', 16);
      const shipped = await post('ship', RACK_A, 'passed', 17);

      await Promise.all([applied(RACK_A, shipped), applied(RACK_B, bPassed), applied(RACK_C, cLast)]);
    });

    it('ships rack A after the retest, having refused the short build and the pass outside its limits', async () => {
      const detail = await rack(RACK_A);
      expect(detail.state).toMatchObject({
        stage: 'ship',
        status: 'shipped',
        reworkCount: 1,
        failureCount: 1,
        slotCounts: { compute_tray: 18, gpu: 72 },
      });
      expect(detail.rejections.map((rejection) => rejection.reason)).toEqual([
        'required_slots_unmet',
        'measurement_out_of_limits',
      ]);
      expect(detail.rejections[0]!.detail).toContain('compute_tray 17/18');
      expect(detail.rejections[1]!.detail).toContain('gpu_temp_max = 91 C');
    });

    it('refuses the duplicate install in rack B and shows it on the rack', async () => {
      const detail = await rack(RACK_B);
      expect(detail.state).toMatchObject({
        stage: 'assembly',
        status: 'passed',
        slotCounts: { compute_tray: 18, gpu: 72 },
      });
      expect(detail.rejections).toEqual([
        expect.objectContaining({
          reason: 'component_in_use',
          detail: `component GPU-${RACK_A}-01-2 is already installed in rack ${RACK_A}`,
        }),
      ]);
    });

    it('refuses to remove what is not there, a parent from another rack, and a parent alone', async () => {
      const detail = await rack(RACK_C);
      expect(detail.rejections.map((rejection) => [rejection.reason, rejection.detail])).toEqual([
        [
          'component_not_installed',
          `component GPU-NEVER-INSTALLED is not installed in rack ${RACK_C}; it is not installed anywhere`,
        ],
        [
          'parent_not_installed',
          `parent CT-${RACK_B}-01 of component GPU-${RACK_C}-02-1 is not installed in rack ${RACK_C}; it is installed in rack ${RACK_B}`,
        ],
        [
          'component_has_children',
          `component CT-${RACK_C}-01 still holds GPU-${RACK_C}-01-1; remove them in the same event`,
        ],
      ]);
      expect(detail.state?.slotCounts).toEqual({ compute_tray: 1, gpu: 1 });
    });

    it('serves the as-built tree now, with every install and removal and its event', async () => {
      const response = await reader.get<RackComponentsView>(`/v1/racks/${RACK_A}/components`);
      expect(response.status).toBe(200);
      const view = response.body;
      expect(view.counts).toEqual({ compute_tray: 18, gpu: 72 });
      expect(view.tree).toHaveLength(18);
      expect(view.tree.every((node) => node.kind === 'compute_tray' && node.children.length === 4)).toBe(
        true,
      );
      expect(view.tree[0]!.children.map((child) => child.serial)).toEqual([
        `GPU-${RACK_A}-01-2`,
        `GPU-${RACK_A}-01-3`,
        `GPU-${RACK_A}-01-4`,
        `GPU-${RACK_A}-01-1R`,
      ]);
      expect(
        view.events.map((event) => [event.type, event.stage, event.stationId, event.components.length]),
      ).toEqual([
        ['component_installed', 'assembly', 'ASSY-01', 85],
        ['component_installed', 'assembly', 'ASSY-01', 5],
        ['component_removed', 'burn_in', 'BURNIN-07', 1],
        ['component_installed', 'burn_in', 'BURNIN-07', 1],
      ]);
      expect(view.events[2]).toMatchObject({
        eventId: swapOutEventId,
        components: [expect.objectContaining({ serial: `GPU-${RACK_A}-01-1`, lot: BAD_LOT })],
      });
    });

    it('reconstructs the tree before the swap with ?at=', async () => {
      const beforeSwap = await reader.get<RackComponentsView>(
        `/v1/racks/${RACK_A}/components?at=${encodeURIComponent(at(7))}`,
      );
      expect(beforeSwap.status).toBe(200);
      expect(beforeSwap.body.at).toBe(at(7));
      const serials = allNodes(beforeSwap.body.tree).map((node) => node.serial);
      expect(serials).toContain(`GPU-${RACK_A}-01-1`);
      expect(serials).not.toContain(`GPU-${RACK_A}-01-1R`);
      expect(beforeSwap.body.tree[0]!.children.map((child) => child.serial)).toEqual(
        [1, 2, 3, 4].map((slot) => `GPU-${RACK_A}-01-${slot}`),
      );
      expect(beforeSwap.body.events.map((event) => event.type)).toEqual([
        'component_installed',
        'component_installed',
      ]);

      const shortBuild = await reader.get<RackComponentsView>(
        `/v1/racks/${RACK_A}/components?at=${encodeURIComponent(at(2))}`,
      );
      expect(shortBuild.body.counts).toEqual({ compute_tray: 17, gpu: 68 });
      expect((await reader.get(`/v1/racks/${RACK_A}/components?at=yesterday`)).status).toBe(400);
      expect((await reader.get('/v1/racks/RK-NEVER/components')).status).toBe(404);
    });

    it('tells where the failed GPU was used, and the failure with its measurements', async () => {
      const response = await reader.get<ComponentView>(`/v1/components/GPU-${RACK_A}-01-1`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        serial: `GPU-${RACK_A}-01-1`,
        installedIn: null,
        whereUsed: [
          {
            rackSerial: RACK_A,
            rack: { model: MODEL, status: 'shipped', shipped: true },
            lot: BAD_LOT,
            parentSerial: `CT-${RACK_A}-01`,
            installed: { stage: 'assembly', stationId: 'ASSY-01', occurredAt: at(1) },
            removed: { eventId: swapOutEventId, stage: 'burn_in', stationId: 'BURNIN-07', occurredAt: at(8) },
          },
        ],
        failures: [
          {
            rackSerial: RACK_A,
            stage: 'burn_in',
            stationId: 'BURNIN-07',
            occurredAt: failedAt,
            lot: BAD_LOT,
            measurements: [
              { name: 'gpu_temp_max', value: 97.5, unit: 'C', low: 20, high: 90, passed: false },
              { name: 'nvlink_bandwidth', value: 1.8, unit: 'TB/s', low: 1.5, high: null, passed: true },
            ],
          },
        ],
      });
      const replacement = await reader.get<ComponentView>(`/v1/components/GPU-${RACK_A}-01-1R`);
      expect(replacement.body).toMatchObject({ installedIn: RACK_A, failures: [] });
      expect((await reader.get('/v1/components/GPU-NEVER')).status).toBe(404);
    });

    it('traces the bad lot to exactly the racks that hold or held it, shipped or not', async () => {
      const response = await reader.get<TracePageView>(`/v1/trace?lot=${BAD_LOT}&summary=true`);
      expect(response.status).toBe(200);
      const trace = response.body;
      expect(
        trace.items.map((item) => [item.rackSerial, item.status, item.shipped, item.holdsMatchingParts]),
      ).toEqual([
        [RACK_A, 'shipped', true, true],
        [RACK_C, 'in_progress', false, true],
      ]);
      const partsOfA = trace.items[0]!.parts;
      expect(partsOfA).toHaveLength(36);
      expect(partsOfA.find((part) => part.serial === `GPU-${RACK_A}-01-1`)).toMatchObject({
        installed: false,
        removedAt: at(8),
      });
      expect(trace.summary).toEqual({
        racks: 2,
        shipped: 1,
        scrapped: 0,
        holding: 2,
        parts: 37,
        partsInstalled: 36,
        installedNow: 36,
        removed: 1,
      });
      expect(trace.nextCursor).toBeNull();

      const firstPage = await reader.get<TracePageView>(
        `/v1/trace?lot=${BAD_LOT}&supplierId=sup-tw-02&partNumber=GPU-B300&limit=1`,
      );
      expect(firstPage.body.items.map((item) => item.rackSerial)).toEqual([RACK_A]);
      expect(firstPage.body.summary).toBeNull();
      const secondPage = await reader.get<TracePageView>(
        `/v1/trace?lot=${BAD_LOT}&supplierId=sup-tw-02&partNumber=GPU-B300&limit=1&cursor=${firstPage.body.nextCursor}`,
      );
      expect(secondPage.body.items.map((item) => item.rackSerial)).toEqual([RACK_C]);
      expect(secondPage.body.nextCursor).toBeNull();

      const replacementSupplier = await reader.get<TracePageView>(
        '/v1/trace?partNumber=GPU-B300&supplierId=sup-us-01',
      );
      expect(replacementSupplier.body.items.map((item) => item.rackSerial)).toEqual([RACK_A]);
      const unfiltered = await reader.get<{ errors: { reason: string }[] }>('/v1/trace');
      expect(unfiltered.status).toBe(400);
      expect(unfiltered.body.errors[0]!.reason).toContain('at least one of partNumber, lot, supplierId');
    });

    it('charts the failure by lot, supplier and measurement, with first-pass yield and retests', async () => {
      const window = `from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(60))}`;
      const byLot = await reader.get<QualityFailuresView>(`/v1/quality/failures?groupBy=lot&${window}`);
      expect(byLot.status).toBe(200);
      expect(byLot.body.pareto).toEqual([
        {
          key: BAD_LOT,
          label: 'sup-tw-02',
          country: null,
          partNumbers: ['GPU-B300'],
          failures: 1,
          racks: 1,
          share: 1,
          cumulativeShare: 1,
        },
      ]);
      const bySupplier = await reader.get<QualityFailuresView>(
        `/v1/quality/failures?groupBy=supplier&${window}`,
      );
      expect(bySupplier.body.pareto[0]).toMatchObject({
        key: 'sup-tw-02',
        label: 'Hsinchu Silicon',
        country: 'TW',
        failures: 1,
      });
      const byMeasurement = await reader.get<QualityFailuresView>(
        `/v1/quality/failures?groupBy=measurement&${window}`,
      );
      expect(byMeasurement.body.pareto.map((entry) => [entry.key, entry.label, entry.failures])).toEqual([
        ['gpu_temp_max', 'C', 1],
      ]);

      const yields = byLot.body.firstPassYield;
      expect(yields.byStage).toEqual([
        { stage: 'assembly', tested: 2, passedFirstTime: 2, firstPassYield: 1 },
        { stage: 'burn_in', tested: 1, passedFirstTime: 0, firstPassYield: 0 },
        { stage: 'qa', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
        { stage: 'ship', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
      ]);
      expect(yields.byModel.find((entry) => entry.stage === 'burn_in')).toEqual({
        model: MODEL,
        stage: 'burn_in',
        tested: 1,
        passedFirstTime: 0,
        firstPassYield: 0,
      });
      expect(byLot.body.retests.find((entry) => entry.stage === 'burn_in')).toEqual({
        stage: 'burn_in',
        racks: 1,
        meanRetests: 1,
        distribution: [{ retests: 1, racks: 1 }],
      });
      expect((await reader.get('/v1/quality/failures?groupBy=colour')).status).toBe(400);
    });

    it('shares the week’s installed parts by supplier country, per kind and per rack', async () => {
      const week = await reader.get<SourcingView>(
        `/v1/sourcing?site=site-1&week=${utcWeekOf(new Date(at(0)))}`,
      );
      expect(week.status).toBe(200);
      // site-1 has no shift calendar: ISO weeks in UTC, and the answer says so.
      expect(week.body).toMatchObject({
        site: 'site-1',
        calendar: 'default',
        timeZone: 'UTC',
        weekStartsOn: 'monday',
        week: utcWeekOf(new Date(at(0))),
      });
      // A: 18 trays + 71 of its own GPUs + the US replacement (the swapped-out GPU is gone); B: 90; C: 2.
      expect(week.body.parts).toBe(182);
      expect(week.body.byCountry).toEqual([
        { country: 'TW', parts: 144, share: 144 / 182 },
        { country: 'US', parts: 37, share: 37 / 182 },
        { country: null, parts: 1, share: 1 / 182 },
      ]);
      expect(
        week.body.byKind
          .find((kind) => kind.kind === 'gpu')
          ?.byCountry.map((share) => [share.country, share.parts]),
      ).toEqual([
        ['TW', 144],
        ['US', 1],
      ]);
      expect(week.body.racks.map((entry) => [entry.rackSerial, entry.parts])).toEqual([
        [RACK_A, 90],
        [RACK_B, 90],
        [RACK_C, 2],
      ]);
      const otherSite = await reader.get<SourcingView>(
        `/v1/sourcing?site=site-9&week=${utcWeekOf(new Date(at(0)))}`,
      );
      expect(otherSite.body).toMatchObject({ parts: 0, racks: [] });
    });
  });

  describe('another site: its own production week, and only its racks when asked for', () => {
    const WEEK_OLD_RACK = 'RK-GEN-T1';
    const FAILED_RACK = 'RK-GEN-T2';
    const tokyo: Record<string, RegisteredStation> = {};
    // Monday 00:00 in Tokyo of the site week before the one holding t0: both installs around it are
    // safely in the past, and the failed rack's installs (at t0) never fall into it, whatever the hour.
    let weekStart: number;
    const localDate = (instant: number) => new Date(instant + TOKYO_OFFSET_MS).toISOString().slice(0, 10);

    beforeAll(async () => {
      const aWeekAgoInTokyo = new Date(t0 - 7 * DAY_MS + TOKYO_OFFSET_MS);
      const daysSinceMonday = (aWeekAgoInTokyo.getUTCDay() + 6) % 7;
      weekStart =
        Date.UTC(
          aWeekAgoInTokyo.getUTCFullYear(),
          aWeekAgoInTokyo.getUTCMonth(),
          aWeekAgoInTokyo.getUTCDate() - daysSinceMonday,
        ) - TOKYO_OFFSET_MS;
      // The calendar as the alerts service stores it: Tokyo time, weeks from Monday; the shifts do not matter here.
      await database.query(
        `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
         VALUES ($1, 400, 'Asia/Tokyo', 'monday', $2::jsonb, '{}')`,
        [
          TOKYO,
          JSON.stringify({
            monday: [{ start: '06:00', end: '22:00' }],
            sunday: [{ start: '06:00', end: '22:00' }],
          }),
        ],
      );
      for (const [stage, stationId] of [
        ['assembly', 'ASSY-TYO'],
        ['burn_in', 'BURNIN-TYO'],
      ] as const) {
        tokyo[stage] = await registerStation(ingest.url, { stationId, stage, siteId: TOKYO });
      }

      // Sunday 23:00 and Monday 05:00 in Tokyo: two site weeks, but one Sunday (14:00, 20:00) in UTC.
      const hour = (offset: number) => new Date(weekStart + offset * HOUR_MS).toISOString();
      await postAs(tokyo.assembly!, WEEK_OLD_RACK, 'started', hour(-2));
      await postAs(tokyo.assembly!, WEEK_OLD_RACK, 'component_installed', hour(-1), {
        components: [tray(WEEK_OLD_RACK, 1)],
      });
      await postAs(tokyo.assembly!, WEEK_OLD_RACK, 'component_installed', hour(5), {
        components: [tray(WEEK_OLD_RACK, 2)],
      });
      // A pass to wait for: it enters the rack's history once the installs before it are applied.
      const assembled = await postAs(tokyo.assembly!, WEEK_OLD_RACK, 'passed', hour(6));

      // A rack of this site failing a GPU of the bad lot, in the same hour as rack A's failure.
      const failedTray = tray(FAILED_RACK, 1);
      const failedGpu = gpu(failedTray, 1, BAD_LOT);
      await postAs(tokyo.assembly!, FAILED_RACK, 'started', at(20));
      await postAs(tokyo.assembly!, FAILED_RACK, 'component_installed', at(21), {
        components: [failedTray, failedGpu],
      });
      await postAs(tokyo.assembly!, FAILED_RACK, 'passed', at(22));
      await postAs(tokyo.burn_in!, FAILED_RACK, 'started', at(23));
      const failed = await postAs(tokyo.burn_in!, FAILED_RACK, 'failed', at(24), {
        failedComponents: [failedGpu.serial],
        measurements: [{ name: 'gpu_temp_max', value: 95, unit: 'C', low: 20, high: 90 }],
      });
      await Promise.all([applied(WEEK_OLD_RACK, assembled), applied(FAILED_RACK, failed)]);
    });

    it("counts a week's installs in the site's own week, not the UTC one, and says which it used", async () => {
      const monday = await reader.get<SourcingView>(
        `/v1/sourcing?site=${TOKYO}&week=${localDate(weekStart)}`,
      );
      expect(monday.status).toBe(200);
      expect(monday.body).toMatchObject({
        site: TOKYO,
        calendar: 'site',
        timeZone: 'Asia/Tokyo',
        weekStartsOn: 'monday',
        firstDay: localDate(weekStart),
        from: new Date(weekStart).toISOString(),
        to: new Date(weekStart + 7 * DAY_MS).toISOString(),
        parts: 1,
      });
      // Monday 05:00 in Tokyo is this site week, though it is still Sunday, the week before, in UTC.
      expect(monday.body.racks.map((entry) => [entry.rackSerial, entry.parts])).toEqual([[WEEK_OLD_RACK, 1]]);
      expect(monday.body.week).toMatch(/^\d{4}-W\d{2}$/);

      // The ISO week label names the same site week.
      const byLabel = await reader.get<SourcingView>(`/v1/sourcing?site=${TOKYO}&week=${monday.body.week}`);
      expect(byLabel.body).toMatchObject({ from: monday.body.from, to: monday.body.to, parts: 1 });

      // Sunday 23:00 in Tokyo belongs to the site week before.
      const sunday = await reader.get<SourcingView>(
        `/v1/sourcing?site=${TOKYO}&week=${localDate(weekStart - HOUR_MS)}`,
      );
      expect(sunday.body).toMatchObject({
        calendar: 'site',
        from: new Date(weekStart - 7 * DAY_MS).toISOString(),
        to: new Date(weekStart).toISOString(),
        parts: 1,
      });

      // Every site together is counted in UTC weeks, where both installs fall on the same Sunday.
      const allSites = await reader.get<SourcingView>(
        `/v1/sourcing?week=${utcWeekOf(new Date(weekStart - HOUR_MS))}`,
      );
      expect(allSites.body).toMatchObject({ site: null, calendar: 'default', timeZone: 'UTC' });
      expect(allSites.body.racks.find((entry) => entry.rackSerial === WEEK_OLD_RACK)?.parts).toBe(2);

      const noSuchWeek = await reader.get<{ errors: { path: string; reason: string }[] }>(
        `/v1/sourcing?site=${TOKYO}&week=2025-W53`,
      );
      expect(noSuchWeek.status).toBe(400);
      expect(noSuchWeek.body.errors).toEqual([
        { path: 'week', reason: '2025-W53 is not a week of its year' },
      ]);
      const notAWeek = await reader.get<{ errors: { path: string }[] }>(`/v1/sourcing?week=last-week`);
      expect(notAWeek.status).toBe(400);
      expect(notAWeek.body.errors.map((error) => error.path)).toEqual(['week']);
    });

    it('charts the failures of one site only when asked for a site', async () => {
      const window = `from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(60))}`;
      const lots = async (site?: string) => {
        const response = await reader.get<QualityFailuresView>(
          `/v1/quality/failures?groupBy=lot&${window}${site === undefined ? '' : `&site=${site}`}`,
        );
        expect(response.status).toBe(200);
        return response.body;
      };
      const bad = (view: QualityFailuresView) => view.pareto.find((entry) => entry.key === BAD_LOT);

      expect(bad(await lots())).toMatchObject({ failures: 2, racks: 2 });
      const here = await lots(TOKYO);
      expect(here.site).toBe(TOKYO);
      expect(here.pareto.map((entry) => [entry.key, entry.failures, entry.racks])).toEqual([[BAD_LOT, 1, 1]]);
      expect(here.firstPassYield.byStage).toEqual([
        { stage: 'assembly', tested: 1, passedFirstTime: 1, firstPassYield: 1 },
        { stage: 'burn_in', tested: 1, passedFirstTime: 0, firstPassYield: 0 },
      ]);
      const site1 = await lots('site-1');
      expect(site1.pareto.map((entry) => [entry.key, entry.failures, entry.racks])).toEqual([
        [BAD_LOT, 1, 1],
      ]);
      expect(site1.firstPassYield.byStage.find((stage) => stage.stage === 'assembly')?.tested).toBe(2);

      const measurements = await reader.get<QualityFailuresView>(
        `/v1/quality/failures?groupBy=measurement&${window}&site=${TOKYO}`,
      );
      expect(measurements.body.pareto.map((entry) => [entry.key, entry.failures])).toEqual([
        ['gpu_temp_max', 1],
      ]);
      const elsewhere = await lots('site-9');
      expect(elsewhere).toMatchObject({ site: 'site-9', totalFailures: 0, pareto: [] });

      const badSite = await reader.get<{ errors: { path: string }[] }>(
        `/v1/quality/failures?site=${encodeURIComponent(' site')}`,
      );
      expect(badSite.status).toBe(400);
      expect(badSite.body.errors.map((error) => error.path)).toEqual(['site']);
    });

    it('traces a lot within one site when asked for a site, its totals too', async () => {
      const trace = async (query: string) => {
        const response = await reader.get<TracePageView>(`/v1/trace?lot=${BAD_LOT}&summary=true${query}`);
        expect(response.status).toBe(200);
        return response.body;
      };
      const everywhere = await trace('');
      expect(everywhere.items.map((item) => [item.rackSerial, item.siteId])).toEqual([
        [RACK_A, 'site-1'],
        [RACK_C, 'site-1'],
        [FAILED_RACK, TOKYO],
      ]);
      const here = await trace(`&site=${TOKYO}`);
      expect(here.items.map((item) => item.rackSerial)).toEqual([FAILED_RACK]);
      expect(here.summary).toMatchObject({ racks: 1, holding: 1, parts: 1, partsInstalled: 1 });
      const site1 = await trace('&site=site-1&limit=1');
      expect(site1.items.map((item) => item.rackSerial)).toEqual([RACK_A]);
      expect(site1.summary).toMatchObject({ racks: 2, parts: 37 });
      const nextPage = await reader.get<TracePageView>(
        `/v1/trace?lot=${BAD_LOT}&site=site-1&limit=1&cursor=${site1.nextCursor}`,
      );
      expect(nextPage.body.items.map((item) => item.rackSerial)).toEqual([RACK_C]);
      expect(nextPage.body.nextCursor).toBeNull();

      // A site narrows a trace; on its own it is no trace (that would be the site's rack list).
      const siteAlone = await reader.get<{ errors: { reason: string }[] }>(`/v1/trace?site=${TOKYO}`);
      expect(siteAlone.status).toBe(400);
      expect(siteAlone.body.errors[0]!.reason).toContain('at least one of partNumber, lot, supplierId');
      const badSite = await reader.get<{ errors: { path: string }[] }>(
        `/v1/trace?lot=${BAD_LOT}&site=${encodeURIComponent('-no')}`,
      );
      expect(badSite.status).toBe(400);
      expect(badSite.body.errors.map((error) => error.path)).toEqual(['site']);
    });
  });
});
