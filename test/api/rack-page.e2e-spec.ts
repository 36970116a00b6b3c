import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TracePageView } from '../../apps/api/src/genealogy/genealogy.view.js';
import type { QualityFailuresView, SourcingView } from '../../apps/api/src/quality/quality.view.js';
import type { RackDetailView, RackSummaryView } from '../../apps/api/src/racks/rack.view.js';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { BurnInLine, HOUR_MS, SOAK_MODEL } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';

// What the rack page, the search box, the trace and the CSV buttons read, through the real line: events
// posted to ingest, applied by the tracker through Kafka, read back from the api.

const SITE = 'fab-rp';
const OTHER_SITE = 'fab-rq';
const SHIPPED = 'RK-PAGE-1';
// `_` in a serial, and a neighbour it would match if `_` were a wildcard.
const UNDERSCORE = 'RK-Q_1-0001';
const LOOKALIKE = 'RK-QX1-0002';
const LOWER_CASE_ELSEWHERE = 'rk-lower-q_1-0003';
const LOT = 'Lot-Page-A';
const SUPPLIER = 'sup-page-01';

const part = (serial: string, kind: string, lot: string, parentSerial?: string) => ({
  serial,
  partNumber: kind === 'gpu' ? 'GPU-PAGE' : 'CT-PAGE',
  kind,
  supplierId: SUPPLIER,
  lot,
  ...(parentSerial === undefined ? {} : { parentSerial }),
});

/** RFC 4180 as csv-stringify writes it: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('the rack page, search, trace and CSV exports through ingest, tracker and api', () => {
  const line = new BurnInLine('rack_page', SITE);
  let elsewhere: RegisteredStation;
  let managerToken: string;

  const api = (path: string, accept = 'application/json') =>
    fetch(`${line.service('api').url}${path}`, {
      headers: { authorization: `Bearer ${managerToken}`, accept },
    });

  beforeAll(async () => {
    await line.start();
    await line.cell('BI-RP', 2);
    managerToken = (
      await line.admin.post<{ token: string }>('/v1/tokens', { name: 'rack page reader', role: 'manager' })
    ).body.token;
    await line.database.query(
      `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
       VALUES ($1, 100, 'Asia/Tokyo', 'monday', '{}'::jsonb, '{}')`,
      [SITE],
    );
    elsewhere = await registerStation(line.service('ingest').url, {
      stationId: 'FAB-RQ-ASSEMBLY',
      stage: 'assembly',
      siteId: OTHER_SITE,
    });

    // The shipped rack: built, soaked with a 4 h hold, failed a GPU, reworked, retested, passed QA.
    await line.post('assembly', SHIPPED, 'started', 120);
    await line.post('assembly', SHIPPED, 'component_installed', 119.5, {
      components: [
        part('CT-PAGE-1', 'compute_tray', LOT),
        part('GPU-PAGE-1-1', 'gpu', LOT, 'CT-PAGE-1'),
        part('GPU-PAGE-1-2', 'gpu', LOT, 'CT-PAGE-1'),
      ],
    });
    await line.post('assembly', SHIPPED, 'passed', 119);
    await line.post('burn_in', SHIPPED, 'started', 110, { location: { cell: 'BI-RP', position: 1 } });
    await line.post('burn_in', SHIPPED, 'hold', 105, { reason: 'chiller trip', reasonCode: 'facility' });
    await line.post('burn_in', SHIPPED, 'release', 101, { reasonCode: 'facility' });
    await line.post('burn_in', SHIPPED, 'failed', 100, {
      failures: [{ code: 'XID-79', componentSerial: 'GPU-PAGE-1-1', message: 'GPU has fallen off the bus' }],
      measurements: [
        { name: 'gpu_max_temp', value: 96, unit: 'C', high: 90 },
        { name: 'fan_speed', value: 5200, unit: 'rpm' },
      ],
    });
    await line.post('burn_in', SHIPPED, 'rework_started', 99);
    await line.post('burn_in', SHIPPED, 'component_removed', 98.8, {
      components: [{ serial: 'GPU-PAGE-1-1' }],
    });
    await line.post('burn_in', SHIPPED, 'component_installed', 98.6, {
      components: [part('GPU-PAGE-1-1R', 'gpu', 'LOT-PAGE-B', 'CT-PAGE-1')],
    });
    await line.post('burn_in', SHIPPED, 'rework_completed', 98);
    await line.post('burn_in', SHIPPED, 'started', 97, { location: { cell: 'BI-RP', position: 1 } });
    await line.post('burn_in', SHIPPED, 'passed', 72, {
      measurements: [{ name: 'gpu_max_temp', value: 81, unit: 'C', high: 90 }],
    });
    await line.post('qa', SHIPPED, 'started', 30);
    const shipped = await line.post('qa', SHIPPED, 'passed', 29);

    // Racks still in assembly, for the search; one holds a GPU of the same lot written in capitals.
    await line.post('assembly', UNDERSCORE, 'started', 10);
    const underscore = await line.post('assembly', UNDERSCORE, 'component_installed', 9, {
      components: [part('GPU-Q-1', 'gpu', LOT.toUpperCase())],
    });
    const lookalike = await line.post('assembly', LOOKALIKE, 'started', 10);
    const lowerCase = new Date(Date.now() - 10 * HOUR_MS).toISOString();
    const elsewhereStarted = await call(`${line.service('ingest').url}/v1/events`, {
      token: elsewhere.token,
      json: {
        eventId: randomUUID(),
        rackSerial: LOWER_CASE_ELSEWHERE,
        stationId: elsewhere.stationId,
        stage: 'assembly',
        type: 'started',
        occurredAt: lowerCase,
        rackModel: SOAK_MODEL,
      },
    });
    expect(elsewhereStarted.status).toBe(202);

    await Promise.all([
      line.applied(SHIPPED, shipped),
      line.applied(UNDERSCORE, underscore),
      line.applied(LOOKALIKE, lookalike),
      expectEventually(async () =>
        expect((await line.manager.get(`/v1/racks/${LOWER_CASE_ELSEWHERE}`)).status).toBe(200),
      ),
    ]);
  });

  afterAll(() => line.stop());

  describe('search by any part of a serial', () => {
    const search = async (query: string) => {
      const response = await line.manager.get<{ items: RackSummaryView[] }>(`/v1/racks?${query}`);
      expect(response.status).toBe(200);
      return response.body.items.map((rack) => `${rack.serial}@${rack.siteId}`);
    };

    it('matches the middle of a serial whatever its case, across every site unless one is asked for', async () => {
      expect(await search('q=qx1-00')).toEqual([`${LOOKALIKE}@${SITE}`]);
      expect(await search('q=Q_1')).toEqual([
        `${UNDERSCORE}@${SITE}`,
        `${LOWER_CASE_ELSEWHERE}@${OTHER_SITE}`,
      ]);
      expect(await search(`q=q_1&site=${OTHER_SITE}`)).toEqual([`${LOWER_CASE_ELSEWHERE}@${OTHER_SITE}`]);
      expect(await search('q=page-1')).toEqual([`${SHIPPED}@${SITE}`]);
    });

    it('takes %, _ and \\ literally, never as wildcards', async () => {
      expect(await search('q=Q_1-000')).not.toContain(`${LOOKALIKE}@${SITE}`);
      expect(await search(`q=${encodeURIComponent('%')}`)).toEqual([]);
      expect(await search(`q=${encodeURIComponent('RK-Q%1')}`)).toEqual([]);
      expect(await search(`q=${encodeURIComponent('\\')}`)).toEqual([]);
      expect(await search('q=_')).toEqual([`${UNDERSCORE}@${SITE}`, `${LOWER_CASE_ELSEWHERE}@${OTHER_SITE}`]);
    });

    it('refuses control characters, empty and over-long text with a 400 naming q', async () => {
      for (const q of ['RK\u0001', 'RK\u007f', '', 'R'.repeat(65)]) {
        const response = await line.manager.get<{ errors: { path: string }[] }>(
          `/v1/racks?q=${encodeURIComponent(q)}`,
        );
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error) => error.path)).toEqual(['q']);
      }
      expect((await line.manager.get(`/v1/racks?q=${'R'.repeat(64)}`)).status).toBe(200);
    });
  });

  describe("a shipped rack's page", () => {
    let detail: RackDetailView;
    beforeAll(async () => {
      detail = await line.rack(SHIPPED);
    });

    it("says its site's time zone; a site without a calendar reads UTC", async () => {
      expect(detail.timeZone).toBe('Asia/Tokyo');
      expect((await line.rack(LOWER_CASE_ELSEWHERE)).timeZone).toBe('UTC');
    });

    it('adds up the time in each state over every visit, the hold apart', () => {
      const burnIn = (status: string) =>
        detail.timeInStates.find((entry) => entry.stage === 'burn_in' && entry.status === status);
      // 110→105, 101→100 and 97→72 in progress; 105→101 on hold. Each event's time was taken as it was posted,
      // a few milliseconds apart, so the figures are compared to the minute.
      const minutes = (entry: { seconds: number } | undefined) => Math.round((entry?.seconds ?? NaN) / 60);
      expect(burnIn('in_progress')).toMatchObject({ visits: 3 });
      expect(minutes(burnIn('in_progress'))).toBe(31 * 60);
      expect(burnIn('on_hold')).toMatchObject({ visits: 1 });
      expect(minutes(burnIn('on_hold'))).toBe(4 * 60);
      expect(detail.timeInStates.at(-1)).toEqual({ stage: 'qa', status: 'shipped', seconds: 0, visits: 1 });
      const total = detail.timeInStates.reduce((sum, entry) => sum + entry.seconds, 0);
      // First event 120 h ago, shipped 29 h ago.
      expect(minutes({ seconds: total })).toBe(91 * 60);
    });

    it('shows the as-built tree with the replacement GPU, as the components route does', async () => {
      const components = await line.manager.get<RackDetailView['components']>(
        `/v1/racks/${SHIPPED}/components`,
      );
      expect(detail.components).toEqual(components.body);
      expect(detail.components.tree).toHaveLength(1);
      expect(detail.components.tree[0]).toMatchObject({ serial: 'CT-PAGE-1', kind: 'compute_tray' });
      expect(detail.components.tree[0]!.children.map((child) => child.serial).sort()).toEqual([
        'GPU-PAGE-1-1R',
        'GPU-PAGE-1-2',
      ]);
    });

    it('lists the failure with its code, the failed part and what the test measured against its limits', () => {
      expect(detail.failures).toEqual([
        {
          eventId: expect.any(String),
          occurredAt: expect.any(String),
          stage: 'burn_in',
          stationId: 'FAB-RP-BURN_IN',
          codes: [{ code: 'XID-79', componentSerial: 'GPU-PAGE-1-1', message: 'GPU has fallen off the bus' }],
          measurements: [
            expect.objectContaining({
              name: 'gpu_max_temp',
              value: 96,
              high: 90,
              low: null,
              withinLimits: false,
            }),
            expect.objectContaining({
              name: 'fan_speed',
              value: 5200,
              high: null,
              low: null,
              withinLimits: null,
            }),
          ],
        },
      ]);
      expect(detail.measurements.map((m) => [m.name, m.value, m.withinLimits])).toEqual([
        ['gpu_max_temp', 96, false],
        ['fan_speed', 5200, null],
        ['gpu_max_temp', 81, true],
      ]);
    });

    it('lists both burn-in runs: the failed one without its hold, and the passed retest', () => {
      expect(detail.burnInRuns).toEqual([
        expect.objectContaining({
          stage: 'burn_in',
          cell: 'BI-RP',
          position: 1,
          outcome: 'failed',
          retest: false,
          soakedHours: 6,
          requiredHours: 72,
        }),
        expect.objectContaining({ outcome: 'passed', retest: true, soakedHours: 25, requiredHours: 24 }),
      ]);
      expect(detail.burnInRuns.every((run) => run.endedAt !== null)).toBe(true);
    });

    it('offers the passport once sealed, and a rack still on the line has none', async () => {
      const passport = await expectEventually(async () => {
        const { passport } = await line.rack(SHIPPED);
        expect(passport.available).toBe(true);
        return passport;
      });
      expect(passport.href).toBe(`/v1/racks/${SHIPPED}/passport`);
      expect((await api(passport.href!)).status).toBe(200);
      const onTheLine = await line.rack(UNDERSCORE);
      expect(onTheLine.passport).toEqual({ available: false, href: null });
      expect(onTheLine.burnInRuns).toEqual([]);
      expect(onTheLine.failures).toEqual([]);
    });
  });

  describe('trace', () => {
    it('finds a lot and a supplier whatever their case, with counts that add up to the parts listed', async () => {
      for (const query of [
        `lot=${LOT.toLowerCase()}`,
        `lot=${LOT}`,
        `supplierId=${SUPPLIER.toUpperCase()}&lot=lot-page-a`,
      ]) {
        const response = await line.manager.get<TracePageView>(`/v1/trace?${query}&summary=true`);
        expect(response.status).toBe(200);
        const { items, summary } = response.body;
        expect(items.map((rack) => rack.rackSerial)).toEqual([SHIPPED, UNDERSCORE]);
        const parts = items.flatMap((rack) => rack.parts);
        // The tray and GPU-PAGE-1-2 stay, GPU-PAGE-1-1 was swapped out; GPU-Q-1 is the lot in capitals.
        expect(summary).toMatchObject({ racks: 2, installedNow: 3, removed: 1, parts: 4 });
        expect(summary!.installedNow + summary!.removed).toBe(parts.length);
        expect(parts.filter((listed) => listed.installed)).toHaveLength(summary!.installedNow);
        expect(items.length).toBe(summary!.racks);
      }
    });

    it('exports every matching part as CSV, whatever the page size', async () => {
      const response = await api(`/v1/trace?lot=${LOT.toLowerCase()}&limit=1`, 'text/csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="trace.csv"');
      const [header, ...rows] = parseCsv(await response.text());
      expect(header).toEqual(
        expect.arrayContaining(['rackSerial', 'componentSerial', 'lot', 'installedNow']),
      );
      const column = (name: string) => header!.indexOf(name);
      expect(
        rows.map((row) => [
          row[column('rackSerial')],
          row[column('componentSerial')],
          row[column('installedNow')],
        ]),
      ).toEqual([
        [SHIPPED, 'CT-PAGE-1', 'true'],
        [SHIPPED, 'GPU-PAGE-1-1', 'false'],
        [SHIPPED, 'GPU-PAGE-1-2', 'true'],
        [UNDERSCORE, 'GPU-Q-1', 'true'],
      ]);
    });

    it('refuses a CSV trace without a filter with the same 400 as JSON', async () => {
      const response = await api('/v1/trace?site=fab-rp', 'text/csv');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('query');
    });
  });

  describe('the failure Pareto as CSV', () => {
    it('has the rows the JSON Pareto has, largest first', async () => {
      for (const groupBy of ['code', 'measurement']) {
        const json = (await line.manager.get<QualityFailuresView>(`/v1/quality/failures?groupBy=${groupBy}`))
          .body;
        const response = await api(`/v1/quality/failures?groupBy=${groupBy}`, 'text/csv');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(response.headers.get('content-disposition')).toMatch(
          new RegExp(
            `^attachment; filename="failures-by-${groupBy}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
          ),
        );
        const [header, ...rows] = parseCsv(await response.text());
        expect(header).toEqual([
          'rank',
          'key',
          'label',
          'country',
          'partNumbers',
          'failures',
          'racks',
          'share',
          'cumulativeShare',
        ]);
        expect(rows.map((row) => [row[1], Number(row[5])])).toEqual(
          json.pareto.map((entry) => [entry.key, entry.failures]),
        );
      }
      const codes = parseCsv(await (await api('/v1/quality/failures?groupBy=code', 'text/csv')).text());
      expect(codes[1]).toEqual(['1', 'XID-79', expect.any(String), '', 'GPU-PAGE', '1', '1', '1', '1']);
    });

    it('refuses a bad window before any line is sent', async () => {
      const response = await api(
        '/v1/quality/failures?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
        'text/csv',
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/json/);
    });
  });

  it("gives a sourcing panel the week's shares by country without the per-rack rows when asked", async () => {
    const full = await line.manager.get<SourcingView>('/v1/sourcing');
    const lean = await line.manager.get<SourcingView>('/v1/sourcing?racks=false');
    expect(lean.status).toBe(200);
    expect(lean.body.racks).toEqual([]);
    const { racks: _perRack, ...shares } = full.body;
    expect(lean.body).toEqual({ ...shares, racks: [] });
    const bad = await line.manager.get<{ errors: { path: string }[] }>('/v1/sourcing?racks=no');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.path)).toEqual(['racks']);
  });

  it('documents the new fields and both media types in the OpenAPI document', async () => {
    const document = (await (await fetch(`${line.service('api').url}/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<string, { content?: Record<string, unknown> }>;
            parameters?: { name: string }[];
          }
        >
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    for (const path of ['/v1/trace', '/v1/quality/failures', '/v1/rma']) {
      expect(Object.keys(document.paths[path]!.get!.responses['200']!.content!).sort()).toEqual([
        'application/json',
        'text/csv',
      ]);
      // Errors are JSON Problems whatever was asked for.
      expect(Object.keys(document.paths[path]!.get!.responses['400']!.content!)).toEqual([
        'application/json',
      ]);
    }
    expect(document.paths['/v1/racks']!.get!.parameters!.map((parameter) => parameter.name)).toContain('q');
    expect(Object.keys(document.components.schemas.RackDetailView!.properties!)).toEqual(
      expect.arrayContaining([
        'timeZone',
        'timeInStates',
        'components',
        'failures',
        'measurements',
        'burnInRuns',
        'passport',
      ]),
    );
    expect(Object.keys(document.components.schemas.TraceSummaryView!.properties!)).toEqual(
      expect.arrayContaining(['racks', 'installedNow', 'removed']),
    );
  });
});
