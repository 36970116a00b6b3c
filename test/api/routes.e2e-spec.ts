import { describe, expect, it } from '@jest/globals';
import { RackRouteRepository } from '#persistence';
import type { RouteView } from '../../apps/api/src/routes/route.view.js';
import { queryableOf } from '../support/queryables.js';
import { ADMIN_TOKEN } from '../support/stack.js';
import { apiSuite, issueToken } from './api-fixtures.js';

interface AuditEntry {
  actor: { id: string; name: string; role: string };
  service: string;
  action: string;
  before: unknown;
  after: unknown;
  occurredAt: string;
}

interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { path: string; reason: string }[];
}

describe('api: routes per rack model', () => {
  // Reading needs a manager's token; the suite holds one issued through the API, as a shift manager would.
  const { database, api, client } = apiSuite('api_routes');

  it('serves the built-in default route while none is stored', async () => {
    const all = await client.get<{ items: RouteView[] }>('/v1/routes');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      {
        model: 'default',
        stages: ['assembly', 'burn_in', 'qa', 'ship'],
        requiredSlots: {},
        dwell: {},
        builtIn: true,
        updatedAt: null,
      },
    ]);
    const one = await client.get<RouteView>('/v1/routes/default');
    expect(one.status).toBe(200);
    expect(one.body).toEqual(all.body.items[0]);
  });

  it('answers 404 for a model without a route', async () => {
    const response = await client.get<ErrorBody>('/v1/routes/gb300');
    expect(response.status).toBe(404);
    expect(response.body.message).toContain('gb300');
  });

  it('stores a valid route, answers with it, and serves it afterwards', async () => {
    const body = {
      stages: ['assembly', 'burn_in', 'qa', 'ship'],
      requiredSlots: { compute_tray: 18, switch_tray: 9 },
      dwell: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
    };
    const put = await client.put<RouteView>('/v1/routes/gb200-nvl72', body, ADMIN_TOKEN);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      model: 'gb200-nvl72',
      ...body,
      builtIn: false,
      updatedAt: expect.any(String),
    });

    const get = await client.get<RouteView>('/v1/routes/gb200-nvl72');
    expect(get.body).toEqual(put.body);
    const all = await client.get<{ items: RouteView[] }>('/v1/routes');
    expect(all.body.items.map((route) => route.model)).toEqual(['default', 'gb200-nvl72']);

    const [row] = await database.query<{ stages: string[]; required_slots: Record<string, number> }>(
      `SELECT stages, required_slots, dwell FROM rack_route WHERE model = 'gb200-nvl72'`,
    );
    expect(row).toEqual({ stages: body.stages, required_slots: body.requiredSlots, dwell: body.dwell });
  });

  it('answers 400 naming every problem of a dwell, and stores nothing', async () => {
    const response = await client.put<ErrorBody>(
      '/v1/routes/gb-dwell',
      {
        stages: ['assembly', 'burn_in', 'qa'],
        dwell: { burn_in: { minHours: '72', maxHours: 12 }, paint: null, assembly: { minHours: 1 } },
      },
      ADMIN_TOKEN,
    );

    expect(response.status).toBe(400);
    expect(response.body.errors!.map((error) => error.reason)).toEqual([
      'dwell.burn_in.minHours must be a number above 0 and at most 2000, got 72',
      'dwell.burn_in.maxHours must be at least minHours (72) and at most 2000, got 12',
      'dwell.paint: stage "paint" is not on the route',
      'dwell.paint must be an object {minHours, maxHours?, retestMinHours?}',
      'dwell.assembly: the first stage cannot have a dwell',
    ]);
    expect(await database.query(`SELECT 1 FROM rack_route WHERE model = 'gb-dwell'`)).toEqual([]);
  });

  it('replaces a route on a second PUT, requiredSlots defaulting to none', async () => {
    await client.put(
      '/v1/routes/gb300',
      { stages: ['assembly', 'qa'], requiredSlots: { gpu: 4 } },
      ADMIN_TOKEN,
    );
    const again = await client.put<RouteView>(
      '/v1/routes/gb300',
      { stages: ['assembly', 'burn_in', 'qa'] },
      ADMIN_TOKEN,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stages: ['assembly', 'burn_in', 'qa'], requiredSlots: {} });
    expect((await client.get<RouteView>('/v1/routes/gb300')).body.stages).toEqual([
      'assembly',
      'burn_in',
      'qa',
    ]);
  });

  it('lets a stored default replace the built-in one', async () => {
    const put = await client.put<RouteView>(
      '/v1/routes/default',
      { stages: ['assembly', 'qa', 'ship'] },
      ADMIN_TOKEN,
    );
    expect(put.status).toBe(200);
    const all = await client.get<{ items: RouteView[] }>('/v1/routes');
    expect(all.body.items.filter((route) => route.model === 'default')).toEqual([
      expect.objectContaining({ stages: ['assembly', 'qa', 'ship'], builtIn: false }),
    ]);
  });

  it('answers 400 listing every problem of an invalid route, and stores nothing', async () => {
    const response = await client.put<ErrorBody>(
      '/v1/routes/gb-bad',
      { stages: ['Assembly', 'qa', 'qa'], requiredSlots: { widget: 3, gpu: 2.5 } },
      ADMIN_TOKEN,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, message: 'Invalid route' });
    const reasons = response.body.errors!.map((error) => error.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons).toEqual([
      expect.stringContaining('"Assembly"'),
      expect.stringContaining('"qa" appears more than once'),
      expect.stringContaining('"widget"'),
      expect.stringContaining('gpu'),
    ]);
    const empty = await client.put<ErrorBody>('/v1/routes/gb-bad', { stages: [] }, ADMIN_TOKEN);
    expect(empty.body.errors).toEqual([{ path: 'body', reason: 'route must have at least one stage' }]);
    expect(await database.query(`SELECT 1 FROM rack_route WHERE model = 'gb-bad'`)).toEqual([]);
  });

  it('answers 400 for a body of the wrong shape or a bad model name', async () => {
    const shape = await client.put<ErrorBody>(
      '/v1/routes/gb200',
      { stages: 'assembly', extra: true },
      ADMIN_TOKEN,
    );
    expect(shape.status).toBe(400);
    expect(shape.body.message).toBe('Validation failed');
    expect(shape.body.errors!.map((error) => error.path).sort()).toEqual(['extra', 'stages']);
    const model = await client.put<ErrorBody>(
      `/v1/routes/${encodeURIComponent('bad model!')}`,
      { stages: ['qa'] },
      ADMIN_TOKEN,
    );
    expect(model.status).toBe(400);
    expect(model.body.errors!.map((error) => error.path)).toEqual(['model']);
  });

  it('answers a body that is not JSON with a JSON 400', async () => {
    const response = await fetch(`${api.url}/v1/routes/gb200`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: '{"stages": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body is not valid JSON',
    });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'test-admin-token-0123456789abcdeX'],
    ['a prefix of the token', ADMIN_TOKEN.slice(0, 10)],
  ])('answers 401 to a PUT with %s, before looking at the body', async (_case, token) => {
    const response = await client.put<ErrorBody>('/v1/routes/gb-locked', { stages: 'not even valid' }, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body.statusCode).toBe(401);
    expect((await client.get('/v1/routes/gb-locked')).status).toBe(404);
  });

  it('answers 403 to a manager token: only admins change routes', async () => {
    const response = await client.put<ErrorBody>('/v1/routes/gb-locked', { stages: ['qa'] });
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('admin');
    expect((await client.get('/v1/routes/gb-locked')).status).toBe(404);
  });

  it('audits every route change: who, what, when, before and after', async () => {
    const admin = await issueToken(api.url, 'admin', 'Planner Ana');
    const first = await client.put<RouteView>(
      '/v1/routes/gb-audited',
      { stages: ['assembly', 'qa'] },
      ADMIN_TOKEN,
    );
    const second = await client.put<RouteView>(
      '/v1/routes/gb-audited',
      { stages: ['assembly', 'burn_in', 'qa'] },
      admin.token,
    );
    expect(second.status).toBe(200);

    const audit = await client.get<{ items: AuditEntry[] }>(
      '/v1/audit?subjectType=route&subjectId=gb-audited',
      ADMIN_TOKEN,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: { id: `token:${admin.id}`, name: 'Planner Ana', role: 'admin' },
        service: 'api',
        action: 'route.put',
        before: first.body,
        after: second.body,
      }),
      expect.objectContaining({
        actor: { id: 'admin-token', name: 'ADMIN_TOKEN', role: 'admin' },
        before: null,
        after: first.body,
        occurredAt: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
    // Managers read configuration but not who changed it.
    expect((await client.get('/v1/audit')).status).toBe(403);
  });

  it('answers 401 to another authorization scheme', async () => {
    const response = await fetch(`${api.url}/v1/routes/gb-locked`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      },
      body: JSON.stringify({ stages: ['qa'] }),
    });
    expect(response.status).toBe(401);
  });

  it('gives the tracker the stored routes of a batch in one call, as domain routes', async () => {
    const sut = new RackRouteRepository(queryableOf(database));
    const routes = await sut.findByModels(['gb200-nvl72', 'gb300', 'no-such-model', 'gb300']);
    expect(routes.map((route) => route.model).sort()).toEqual(['gb200-nvl72', 'gb300']);
    expect(routes.find((route) => route.model === 'gb200-nvl72')).toEqual({
      model: 'gb200-nvl72',
      stages: ['assembly', 'burn_in', 'qa', 'ship'],
      requiredSlots: { compute_tray: 18, switch_tray: 9 },
      dwell: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
    });
    expect(Object.isFrozen(routes[0])).toBe(true);
    expect(await sut.findByModels([])).toEqual([]);
  });
});
