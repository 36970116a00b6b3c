import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from '../../apps/api/src/common/pagination/keyset-page.js';
import type { RackDetailView, RackSummaryView } from '../../apps/api/src/racks/rack.view.js';
import { apiSuite, collectPages, seedRacks, seedRejections, seedTransitions } from './api-fixtures.js';

interface ValidationBody {
  statusCode: number;
  error: string;
  message: string;
  errors: { path: string; reason: string }[];
}

describe('api: racks', () => {
  // Reading needs a manager's token; the suite holds one issued through the API, as a shift manager would.
  const { database, api, client } = apiSuite('api_racks');

  describe('GET /v1/racks/:serial', () => {
    it('answers state, history oldest first by id, and rejections with the refused event', async () => {
      await seedRacks(database, [
        {
          serial: 'RK-DETAIL-1',
          model: 'gb200',
          route: ['assembly', 'burn_in', 'ship'],
          requiredSlots: { compute_tray: 2 },
          slotCounts: { compute_tray: 2 },
          stage: 'burn_in',
          status: 'on_hold',
          held: { stage: 'burn_in', status: 'in_progress' },
          failureCount: 1,
          reworkCount: 1,
          startedAt: '2026-11-23T08:00:00.000Z',
          stateEnteredAt: '2026-11-23T10:00:00.000Z',
          lastEventAt: '2026-11-23T10:00:00.000Z',
        },
      ]);
      // occurredAt deliberately disagrees with arrival order: Kafka order (the id) is the order of truth.
      const eventIds = await seedTransitions(database, [
        {
          rackSerial: 'RK-DETAIL-1',
          eventType: 'started',
          stage: 'assembly',
          from: null,
          to: { stage: 'assembly', status: 'in_progress' },
          occurredAt: '2026-11-23T08:00:00.000Z',
        },
        {
          rackSerial: 'RK-DETAIL-1',
          eventType: 'passed',
          stage: 'assembly',
          from: { stage: 'assembly', status: 'in_progress' },
          to: { stage: 'assembly', status: 'passed' },
          occurredAt: '2026-11-23T09:00:00.000Z',
        },
        {
          rackSerial: 'RK-DETAIL-1',
          eventType: 'started',
          stage: 'burn_in',
          from: { stage: 'assembly', status: 'passed' },
          to: { stage: 'burn_in', status: 'in_progress' },
          occurredAt: '2026-11-23T08:59:00.000Z',
        },
        {
          rackSerial: 'RK-DETAIL-1',
          eventType: 'hold',
          stage: 'burn_in',
          from: { stage: 'burn_in', status: 'in_progress' },
          to: { stage: 'burn_in', status: 'on_hold' },
          occurredAt: '2026-11-23T10:00:00.000Z',
          stationId: 'SUPERVISOR-1',
        },
      ]);
      const [rejectionId] = await seedRejections(database, [
        { rackSerial: 'RK-DETAIL-1', reason: 'wrong_station', stationId: 'QA-01' },
      ]);

      const response = await client.get<RackDetailView>('/v1/racks/RK-DETAIL-1');

      expect(response.status).toBe(200);
      expect(response.body.serial).toBe('RK-DETAIL-1');
      expect(response.body.state).toEqual({
        model: 'gb200',
        siteId: 'site-a',
        lineId: 'line-1',
        stage: 'burn_in',
        status: 'on_hold',
        held: { stage: 'burn_in', status: 'in_progress' },
        route: ['assembly', 'burn_in', 'ship'],
        requiredSlots: { compute_tray: 2 },
        reworkCount: 1,
        failureCount: 1,
        slotCounts: { compute_tray: 2 },
        startedAt: '2026-11-23T08:00:00.000Z',
        stateEnteredAt: '2026-11-23T10:00:00.000Z',
        lastEventAt: '2026-11-23T10:00:00.000Z',
        completedAt: null,
        // Seeded without a reason: the hold shows that none was given.
        holdReason: { reason: null, reasonCode: null },
        location: null,
        soak: null,
      });
      expect(response.body.history.map((entry) => entry.eventId)).toEqual(eventIds);
      expect(response.body.history[0]).toEqual({
        eventId: eventIds[0],
        eventType: 'started',
        stage: 'assembly',
        stationId: 'ASSEMBLY-01',
        from: null,
        to: { stage: 'assembly', status: 'in_progress' },
        occurredAt: '2026-11-23T08:00:00.000Z',
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        location: null,
        reason: null,
        reasonCode: null,
      });
      expect(response.body.history[3]).toMatchObject({
        eventType: 'hold',
        stationId: 'SUPERVISOR-1',
        from: { stage: 'burn_in', status: 'in_progress' },
        to: { stage: 'burn_in', status: 'on_hold' },
      });
      expect(response.body.rejections).toEqual([
        {
          id: rejectionId,
          eventId: expect.any(String),
          reason: 'wrong_station',
          detail: 'refused: wrong_station',
          stationId: 'QA-01',
          recordedAt: expect.any(String),
          event: expect.objectContaining({ rackSerial: 'RK-DETAIL-1', stage: 'qa', type: 'passed' }),
          rawBase64: null,
        },
      ]);
    });

    it('shows a rack whose only event was refused, with no state and no history', async () => {
      await seedRejections(database, [
        {
          rackSerial: 'RK-NEVER-STARTED',
          reason: 'illegal_transition',
          detail: 'passed at qa: rack does not exist',
        },
        {
          rackSerial: 'RK-NEVER-STARTED',
          reason: 'unknown_stage',
          detail: 'stage paint is not on the route',
        },
      ]);

      const response = await client.get<RackDetailView>('/v1/racks/RK-NEVER-STARTED');

      expect(response.status).toBe(200);
      expect(response.body.state).toBeNull();
      expect(response.body.history).toEqual([]);
      expect(response.body.rejections.map((rejection) => rejection.reason)).toEqual([
        'illegal_transition',
        'unknown_stage',
      ]);
    });

    it('answers 404 when there is neither a rack nor a rejection', async () => {
      const response = await client.get<{ message: string }>('/v1/racks/RK-NOBODY');
      expect(response.status).toBe(404);
      expect(response.body.message).toContain('RK-NOBODY');
    });

    it('finds a serial containing a slash when it is URL-encoded', async () => {
      await seedRacks(database, [{ serial: 'RK/SLASH-1' }]);
      const response = await client.get<RackDetailView>(`/v1/racks/${encodeURIComponent('RK/SLASH-1')}`);
      expect(response.status).toBe(200);
      expect(response.body.serial).toBe('RK/SLASH-1');
    });
  });

  describe('GET /v1/racks', () => {
    const list = (query: string) => client.get<Page<RackSummaryView>>(`/v1/racks?${query}`);
    const serialsOf = (page: Page<RackSummaryView>) => page.items.map((rack) => rack.serial);

    beforeAll(async () => {
      await seedRacks(database, [
        {
          serial: 'FL-001',
          stage: 'qa',
          status: 'failed',
          siteId: 'site-a',
          lineId: 'line-1',
          model: 'gb200',
        },
        {
          serial: 'FL-002',
          stage: 'qa',
          status: 'failed',
          siteId: 'site-b',
          lineId: 'line-1',
          model: 'gb200',
        },
        {
          serial: 'FL-003',
          stage: 'qa',
          status: 'in_progress',
          siteId: 'site-a',
          lineId: 'line-2',
          model: 'gb300',
        },
        {
          serial: 'FL-004',
          stage: 'burn_in',
          status: 'failed',
          siteId: 'site-a',
          lineId: 'line-2',
          model: 'gb300',
        },
        {
          serial: 'FL-005',
          stage: 'ship',
          status: 'shipped',
          siteId: 'site-a',
          lineId: 'line-1',
          model: 'gb200',
          completedAt: '2026-11-24T12:00:00.000Z',
        },
        { serial: 'FL_X-1', stage: 'qa', status: 'failed', siteId: 'site-c' },
        { serial: 'FLAX-1', stage: 'qa', status: 'failed', siteId: 'site-c' },
      ]);
    });

    it('filters on each field, and on several at once', async () => {
      const failed = await list('status=failed&serialPrefix=FL-');
      expect(serialsOf(failed.body)).toEqual(['FL-001', 'FL-002', 'FL-004']);
      expect(serialsOf((await list('stage=qa&status=failed&site=site-a')).body)).toEqual(['FL-001']);
      expect(serialsOf((await list('line=line-2')).body)).toEqual(['FL-003', 'FL-004']);
      expect(serialsOf((await list('model=gb300&stage=burn_in')).body)).toEqual(['FL-004']);
      expect(serialsOf((await list('site=site-nowhere')).body)).toEqual([]);
      expect((await list('site=site-nowhere')).body.nextCursor).toBeNull();
    });

    it('treats the serial prefix literally, so `_` is not a wildcard', async () => {
      expect(serialsOf((await list('serialPrefix=FL_')).body)).toEqual(['FL_X-1']);
    });

    it('summarises each rack', async () => {
      const shipped = await list('status=shipped&serialPrefix=FL-');
      expect(shipped.body.items).toEqual([
        {
          serial: 'FL-005',
          model: 'gb200',
          siteId: 'site-a',
          lineId: 'line-1',
          stage: 'ship',
          status: 'shipped',
          held: null,
          reworkCount: 0,
          failureCount: 0,
          startedAt: '2026-11-23T08:00:00.000Z',
          stateEnteredAt: '2026-11-23T08:00:00.000Z',
          lastEventAt: '2026-11-23T08:00:00.000Z',
          completedAt: '2026-11-24T12:00:00.000Z',
          location: null,
          soak: null,
          holdReason: null,
        },
      ]);
    });

    it('pages through more than one page with no duplicates or gaps', async () => {
      const serials = Array.from({ length: 23 }, (_, index) => `PG-${String(index).padStart(3, '0')}`);
      // Inserted shuffled, so the order comes from the query and not from the heap.
      await seedRacks(
        database,
        [...serials].reverse().map((serial, index) => ({ serial, status: index % 2 ? 'failed' : 'passed' })),
      );

      const all = await collectPages(async (cursor) => {
        const response = await list(`serialPrefix=PG-&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        return { items: serialsOf(response.body), nextCursor: response.body.nextCursor };
      });
      expect(all.pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
      expect(all.items).toEqual(serials);

      const failedOnly = await collectPages(async (cursor) => {
        const response = await list(
          `serialPrefix=PG-&status=failed&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        return { items: serialsOf(response.body), nextCursor: response.body.nextCursor };
      });
      expect(failedOnly.items).toEqual(serials.filter((_, index) => (22 - index) % 2 === 1));
    });

    it('ends on a full last page without an empty extra page', async () => {
      const first = await list('serialPrefix=PG-&limit=20');
      const second = await list(`serialPrefix=PG-&limit=3&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toHaveLength(3);
      expect(second.body.nextCursor).toBeNull();
    });

    it('keeps paging consistent while racks arrive between pages', async () => {
      await seedRacks(database, [{ serial: 'LV-010' }, { serial: 'LV-020' }, { serial: 'LV-030' }]);
      const first = await list('serialPrefix=LV-&limit=2');
      expect(serialsOf(first.body)).toEqual(['LV-010', 'LV-020']);
      // One rack lands before the cursor (a later page must not repeat anything), one after it (must appear).
      await seedRacks(database, [{ serial: 'LV-015' }, { serial: 'LV-025' }]);
      const second = await list(`serialPrefix=LV-&limit=2&cursor=${first.body.nextCursor}`);
      expect(serialsOf(second.body)).toEqual(['LV-025', 'LV-030']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('uses 50 as the default page size', async () => {
      await seedRacks(
        database,
        Array.from({ length: 51 }, (_, index) => ({ serial: `DF-${String(index).padStart(3, '0')}` })),
      );
      const response = await list('serialPrefix=DF-');
      expect(response.body.items).toHaveLength(50);
      expect(response.body.nextCursor).not.toBeNull();
    });

    it.each([
      ['status=lost', ['status']],
      ['limit=0', ['limit']],
      ['limit=501', ['limit']],
      ['limit=ten', ['limit']],
      ['stage=Burn-In', ['stage']],
      ['cursor=not-a-cursor', ['cursor']],
      ['stauts=failed', ['stauts']],
      ['status=lost&limit=0&cursor=x', ['cursor', 'limit', 'status']],
    ])('answers 400 naming the field for %s', async (query, fields) => {
      const response = await client.get<ValidationBody>(`/v1/racks?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
      });
      expect([...new Set(response.body.errors.map((error) => error.path))].sort()).toEqual(fields);
      for (const error of response.body.errors) expect(error.reason.length).toBeGreaterThan(0);
    });

    it('refuses a rejections cursor', async () => {
      await seedRejections(database, [
        { rackSerial: 'RK-CURSOR', reason: 'duplicate' },
        { rackSerial: 'RK-CURSOR', reason: 'duplicate' },
      ]);
      const rejections = await client.get<{ nextCursor: string | null }>('/v1/rejections?limit=1');
      expect(rejections.body.nextCursor).not.toBeNull();
      const response = await client.get<ValidationBody>(`/v1/racks?cursor=${rejections.body.nextCursor}`);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error) => error.path)).toEqual(['cursor']);
    });
  });

  describe('service endpoints', () => {
    it('reports readiness, serves metrics and its OpenAPI description', async () => {
      const health = await client.get<{ status: string; checks: Record<string, { status: string }> }>(
        '/health',
      );
      expect(health.body.checks.postgres?.status).toBe('up');
      const metrics = await fetch(`${api.url}/metrics`);
      expect(await metrics.text()).toContain('http_request_duration_seconds');
      // The document is generated from the code and readable without a token, like the docs page.
      const openapi = await client.get<{
        openapi: string;
        paths: Record<string, unknown>;
        info: { description: string };
      }>('/v1/openapi.json', null);
      expect(openapi.status).toBe(200);
      expect(openapi.body.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/racks',
          '/v1/racks/{serial}',
          '/v1/rejections',
          '/v1/routes',
          '/v1/routes/{model}',
        ]),
      );
      expect(openapi.body.info.description).toContain('only racks that start afterwards');
      // Generated from the code: responses, the error shape and the bearer scheme are described too.
      const document = openapi.body as unknown as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
        >;
        components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { scheme: string }> };
      };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/sites/{siteId}/progress',
          '/v1/sites/{siteId}/wip',
          '/v1/stream',
          '/v1/tokens',
          '/v1/audit',
        ]),
      );
      expect(Object.keys(document.paths['/v1/sites/{siteId}/progress']!.get!.responses).sort()).toEqual(
        ['200', '400', '401', '404', '429', '503'].sort(),
      );
      expect(Object.keys(document.paths['/v1/routes/{model}']!.put!.responses)).toEqual(
        expect.arrayContaining(['401', '403']),
      );
      expect(document.paths['/v1/stream']!.get!.responses['200']!.content).toHaveProperty([
        'text/event-stream',
      ]);
      expect(document.components.schemas).toHaveProperty('Problem');
      expect(document.components.schemas).toHaveProperty('ProgressView');
      expect(document.components.securitySchemes.token).toMatchObject({ scheme: 'bearer' });
      const docs = await fetch(`${api.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui');
    });

    it('sends security headers on the dashboard, /docs and the API, and publishes no source maps', async () => {
      const page = await fetch(`${api.url}/`);
      expect(page.status).toBe(200);
      for (const response of [page, await fetch(`${api.url}/docs`), await fetch(`${api.url}/v1/racks`)]) {
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toMatch(/unsafe-eval|upgrade-insecure-requests/);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('strict-transport-security')).toBeNull();
        expect(response.headers.get('x-powered-by')).toBeNull();
      }
      const scripts = [...(await page.text()).matchAll(/<script[^>]+src="([^"]+)"/g)].map(
        (match) => match[1]!,
      );
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const asset = await fetch(`${api.url}${script}`);
        expect(asset.status).toBe(200);
        expect(asset.headers.get('sourcemap')).toBeNull();
        expect(await asset.text()).not.toContain('sourceMappingURL');
        expect((await fetch(`${api.url}${script}.map`)).status).toBe(404);
      }
    });

    it('closes a connection whose headers do not arrive within the headers timeout (10 s)', async () => {
      const { port } = new URL(api.url);
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /v1/racks HTTP/1.1\r\nHost: x\r\n'),
      );
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const started = Date.now();
      await new Promise((resolve) => socket.on('close', resolve));
      const elapsed = Date.now() - started;
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      // Checked every second, so cut between 10 and 11 s; the margin is for a loaded machine.
      expect(elapsed).toBeGreaterThanOrEqual(9_500);
      expect(elapsed).toBeLessThan(13_000);
    }, 20_000);

    it('answers 401 to reads without a token, or with a station token', async () => {
      for (const token of [null, 'st_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG']) {
        const response = await client.get<ValidationBody>('/v1/racks', token);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    });
  });
});
