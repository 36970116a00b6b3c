import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_ROUTE,
  defineRoute,
  InMemoryComponentLocator,
  RackStateMachine,
  routeOfModel,
  type RackRoute,
} from '#domain';
import type {
  AuditRepository,
  NewAuditEntry,
  RackRouteRepository,
  StoredRackRoute,
  UnitOfWork,
} from '#persistence';
import { BOOTSTRAP_ADMIN } from '#platform';
import { ApiError } from '../api.error.js';
import { PutRouteUseCase } from './put-route.use-case.js';
import { RouteQuery } from './route.query.js';

const updatedAt = new Date('2026-11-24T08:00:00.000Z');

/** In-memory stand-in with the repository's public surface; anything else the service calls would be missing. */
function repositoryWith(initial: RackRoute[]): RackRouteRepository {
  const rows = new Map(initial.map((route) => [route.model, { route, updatedAt }]));
  const stand: Pick<RackRouteRepository, 'findAll' | 'findByModel' | 'upsert'> = {
    findAll: async () => [...rows.values()].sort((a, b) => a.route.model.localeCompare(b.route.model)),
    findByModel: async (model) => rows.get(model) ?? null,
    upsert: async (route) => {
      const stored: StoredRackRoute = { route, updatedAt };
      rows.set(route.model, stored);
      return stored;
    },
  };
  return stand as RackRouteRepository;
}

/** Reads and writes go to the same in-memory routes; the audit entries a write appends are recorded. */
function unitOfWorkWith(routes: RackRouteRepository, entries: NewAuditEntry[]): UnitOfWork {
  const audit: Pick<AuditRepository, 'lockSubject' | 'append'> = {
    lockSubject: async () => undefined,
    append: async (entry) => {
      entries.push(entry);
      return { ...entry, id: String(entries.length) } as never;
    },
  };
  const repositories = { routes, audit };
  const stand = {
    pool: repositories,
    write: <T>(work: (r: typeof repositories) => Promise<T>) => work(repositories),
  };
  return stand as unknown as UnitOfWork;
}

/** The routes feature as its controller sees it: reads through the query, the change through the use case. */
function serviceWith(initial: RackRoute[], entries: NewAuditEntry[] = []) {
  const uow = unitOfWorkWith(repositoryWith(initial), entries);
  const query = new RouteQuery(uow);
  const putRoute = new PutRouteUseCase(uow);
  return {
    listRoutes: () => query.list(),
    getRoute: (model: string) => query.get(model),
    putRoute: (
      input: Parameters<PutRouteUseCase['execute']>[0],
      actor: Parameters<PutRouteUseCase['execute']>[1],
    ) => putRoute.execute(input, actor),
  };
}

const gb200 = defineRoute({
  model: 'gb200',
  stages: ['assembly', 'burn_in', 'ship'],
  requiredSlots: { compute_tray: 18 },
});

describe('routes', () => {
  it('lists stored routes plus the built-in default while none is stored', async () => {
    const sut = serviceWith([gb200]);
    const routes = await sut.listRoutes();
    expect(routes.map((route) => [route.model, route.builtIn])).toEqual([
      ['default', true],
      ['gb200', false],
    ]);
    expect(routes[0]).toMatchObject({ stages: [...DEFAULT_ROUTE.stages], updatedAt: null });
  });

  it('lets a stored default replace the built-in one', async () => {
    const sut = serviceWith([defineRoute({ model: 'default', stages: ['assembly', 'ship'] })]);
    expect(await sut.listRoutes()).toEqual([
      expect.objectContaining({ model: 'default', builtIn: false, stages: ['assembly', 'ship'] }),
    ]);
    expect(await sut.getRoute('default')).toMatchObject({
      builtIn: false,
      updatedAt: updatedAt.toISOString(),
    });
  });

  it('falls back to the built-in default for `default` only', async () => {
    const sut = serviceWith([]);
    expect(await sut.getRoute('default')).toMatchObject({ builtIn: true, stages: [...DEFAULT_ROUTE.stages] });
    await expect(sut.getRoute('gb300')).rejects.toMatchObject({ code: 'route_not_found' });
  });

  it('says of a model without a route what the tracker says of its racks: refused, and how to fix it', async () => {
    const sut = serviceWith([]);
    await expect(sut.getRoute('gb300')).rejects.toMatchObject({
      message:
        'rack model gb300 has no route; define it with PUT /v1/routes/gb300; until then its racks are refused as unknown_model',
    });
    // The tracker's rejection detail, word for word, is the start of that answer.
    const decision = new RackStateMachine({ maxClockSkewMs: 0 }).decide(
      undefined,
      {
        event: {
          eventId: 'e-1',
          rackSerial: 'RK-1',
          stationId: 'ASSY-01',
          stage: 'assembly',
          type: 'started',
          occurredAt: new Date('2026-11-24T10:00:00Z'),
          rackModel: 'gb300',
        },
        station: { stationId: 'ASSY-01', stage: 'assembly', role: 'station' },
        receivedAt: new Date('2026-11-24T10:00:00Z'),
      },
      { routeFor: (model) => routeOfModel(model, undefined), components: new InMemoryComponentLocator() },
    );
    expect(decision).toEqual({
      outcome: 'rejected',
      reason: 'unknown_model',
      detail: 'rack model gb300 has no route; define it with PUT /v1/routes/gb300',
    });
  });

  it('lists every problem of an invalid route and stores nothing', async () => {
    const sut = serviceWith([]);
    const attempt = sut.putRoute(
      {
        model: 'gb200',
        stages: ['Assembly', 'qa', 'qa'],
        requiredSlots: { widget: 2, gpu: -1 },
      },
      BOOTSTRAP_ADMIN,
    );
    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    const error = (await attempt.catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe('invalid_route');
    expect(error.details.map((detail) => detail.reason)).toEqual([
      expect.stringContaining('"Assembly"'),
      expect.stringContaining('"qa" appears more than once'),
      expect.stringContaining('"widget"'),
      expect.stringContaining('gpu'),
    ]);
    expect(await sut.listRoutes()).toHaveLength(1);
  });

  it('stores a valid route and answers with it', async () => {
    const sut = serviceWith([]);
    const stored = await sut.putRoute(
      {
        model: 'gb200',
        stages: ['assembly', 'qa'],
        requiredSlots: { compute_tray: 18 },
      },
      BOOTSTRAP_ADMIN,
    );
    expect(stored).toEqual({
      model: 'gb200',
      stages: ['assembly', 'qa'],
      requiredSlots: { compute_tray: 18 },
      dwell: {},
      builtIn: false,
      updatedAt: updatedAt.toISOString(),
    });
    expect(await sut.getRoute('gb200')).toEqual(stored);
  });
});

describe('PutRouteUseCase audit', () => {
  it('records who changed a route, with the route before and after', async () => {
    const entries: NewAuditEntry[] = [];
    const sut = serviceWith([gb200], entries);
    const manager = { id: 'token:7', name: 'line 2 lead', role: 'admin' as const };
    const after = await sut.putRoute({ model: 'gb200', stages: ['assembly', 'qa'] }, manager);
    expect(entries).toEqual([
      expect.objectContaining({
        actor: manager,
        service: 'api',
        action: 'route.put',
        subjectType: 'route',
        subjectId: 'gb200',
        before: expect.objectContaining({
          stages: ['assembly', 'burn_in', 'ship'],
          requiredSlots: { compute_tray: 18 },
        }),
        after,
      }),
    ]);
  });

  it('records the built-in default as what a first stored default replaced', async () => {
    const entries: NewAuditEntry[] = [];
    await serviceWith([], entries).putRoute(
      { model: 'default', stages: ['assembly', 'ship'] },
      BOOTSTRAP_ADMIN,
    );
    expect(entries[0]).toMatchObject({
      before: { builtIn: true, stages: [...DEFAULT_ROUTE.stages] },
      actor: { id: 'admin-token' },
    });
  });

  it('writes no audit entry for a refused route', async () => {
    const entries: NewAuditEntry[] = [];
    await expect(
      serviceWith([], entries).putRoute({ model: 'x', stages: [] }, BOOTSTRAP_ADMIN),
    ).rejects.toBeInstanceOf(ApiError);
    expect(entries).toEqual([]);
  });
});
