import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../support/service-process.js';
import { ADMIN_TOKEN, createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { apiSuite, issueToken, jsonClient } from './api-fixtures.js';

interface TokenView {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  token?: string;
}

interface AuditPage {
  items: { action: string; subjectId: string; actor: { id: string }; before: unknown; after: unknown }[];
  nextCursor: string | null;
}

interface Problem {
  statusCode: number;
  error: string;
  message: string;
  errors?: { path: string; reason: string }[];
}

describe('api: access — manager and admin tokens, audit, rate limits', () => {
  const { database, api, client: admin } = apiSuite('api_access', { holder: 'admin-token' });

  it('lets ADMIN_TOKEN issue a manager token, shown once and stored only as its hash', async () => {
    const issued = await admin.post<TokenView>('/v1/tokens', {
      name: 'Night shift wall screen',
      role: 'manager',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'Night shift wall screen',
      role: 'manager',
      createdBy: 'admin-token',
      createdAt: expect.any(String),
      revokedAt: null,
      token: expect.stringMatching(/^tk_[\w-]{43}$/),
    });
    const [row] = await database.query<{ token_hash: string }>(
      'SELECT token_hash FROM access_token WHERE id = $1',
      [issued.body.id],
    );
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await database.query('SELECT * FROM access_token'))).not.toContain(
      issued.body.token,
    );

    const listed = await admin.get<{ items: TokenView[] }>('/v1/tokens');
    expect(listed.body.items.find((token) => token.id === issued.body.id)).toEqual({
      ...issued.body,
      token: undefined,
    });
    expect(JSON.stringify(listed.body)).not.toContain('tk_');

    const manager = jsonClient(api.url, issued.body.token);
    expect((await manager.get('/v1/racks')).status).toBe(200);
  });

  it('keeps every change of configuration from managers: 403, and nothing changes', async () => {
    const manager = jsonClient(api.url, (await issueToken(api.url, 'manager')).token);
    const attempts = await Promise.all([
      manager.post<Problem>('/v1/tokens', { name: 'escalation', role: 'admin' }),
      manager.get<Problem>('/v1/tokens'),
      manager.delete<Problem>('/v1/tokens/1'),
      manager.get<Problem>('/v1/audit'),
      manager.put<Problem>('/v1/routes/gb-x', { stages: ['qa'] }),
    ]);
    expect(attempts.map((attempt) => attempt.status)).toEqual([403, 403, 403, 403, 403]);
    expect(attempts[0].body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(await database.query(`SELECT 1 FROM access_token WHERE name = 'escalation'`)).toEqual([]);
  });

  it('lets an issued admin token do what ADMIN_TOKEN does, and names its holder in the audit log', async () => {
    const second = await issueToken(api.url, 'admin', 'Deputy admin');
    const issued = await jsonClient(api.url, second.token).post<TokenView>('/v1/tokens', {
      name: 'Laptop',
      role: 'manager',
    });
    expect(issued.status).toBe(201);
    expect(issued.body.createdBy).toBe(`token:${second.id}`);
    const audit = await admin.get<AuditPage>(`/v1/audit?subjectType=token&subjectId=${issued.body.id}`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'token.issue',
        actor: expect.objectContaining({ id: `token:${second.id}` }),
        before: null,
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(issued.body.token!);
  });

  it('revokes a token at once, audits it once, and keeps it listed as revoked', async () => {
    const victim = await issueToken(api.url, 'manager', 'Lost laptop');
    const manager = jsonClient(api.url, victim.token);
    expect((await manager.get('/v1/racks')).status).toBe(200);

    const revoked = await admin.delete<TokenView>(`/v1/tokens/${victim.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await manager.get<Problem>('/v1/racks');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked/);
    expect((await admin.delete<TokenView>(`/v1/tokens/${victim.id}`)).body.revokedAt).toBe(
      revoked.body.revokedAt,
    );

    const audit = await admin.get<AuditPage>(`/v1/audit?subjectType=token&subjectId=${victim.id}`);
    expect(audit.body.items.map((entry) => entry.action)).toEqual(['token.revoke', 'token.issue']);
    expect(audit.body.items[0]).toMatchObject({
      before: { revokedAt: null },
      after: { revokedAt: revoked.body.revokedAt },
    });
    expect((await admin.delete<Problem>('/v1/tokens/999999')).status).toBe(404);
  });

  it('validates token requests field by field', async () => {
    const response = await admin.post<Problem>('/v1/tokens', { name: '', role: 'owner', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.errors!.map((error) => error.path).sort()).toEqual(['extra', 'name', 'role']);
    expect((await admin.delete<Problem>('/v1/tokens/abc')).status).toBe(400);
  });

  it('pages the audit log newest first', async () => {
    for (const name of ['a', 'b', 'c']) await issueToken(api.url, 'manager', `pager ${name}`);
    const first = await admin.get<AuditPage>('/v1/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await admin.get<AuditPage>(`/v1/audit?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((entry) => entry.subjectId);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('rate limits: a token bucket per token (or address), 429 with Retry-After', () => {
  let database: TestDatabase;
  let prefix: string;
  const services: RunningService[] = [];
  const limits = { RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_SECOND: '1' };

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('rate_limits'), createTestTopics()]);
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
  });

  it.each(['api', 'ingest'] as const)(
    '%s refuses requests beyond a burst of three, but never /health',
    async (name) => {
      const service = await startService(name, {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: prefix,
        ...limits,
      });
      services.push(service);
      const path = name === 'api' ? '/v1/racks' : '/v1/stations';
      const statuses: number[] = [];
      let refused: Response | undefined;
      const started = Date.now();
      // A token comes back every second, so on a slow machine a fourth or fifth may still pass; the count is bounded.
      for (let index = 0; index < 20 && refused === undefined; index += 1) {
        const response = await fetch(`${service.url}${path}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        statuses.push(response.status);
        if (response.status === 429) refused = response;
      }
      const elapsedSeconds = (Date.now() - started) / 1000;
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[statuses.length - 1]).toBe(429);
      expect(statuses.length - 1).toBeLessThanOrEqual(3 + Math.ceil(elapsedSeconds));
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused!.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Another caller has a bucket of its own; probes are never throttled.
      expect((await fetch(`${service.url}${path}`)).status).toBe(401);
      for (let index = 0; index < 5; index += 1)
        expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      expect(await (await fetch(`${service.url}/metrics`)).text()).toMatch(
        /http_rate_limited_total\{[^}]*\} 1/,
      );
    },
  );

  it.each(['api', 'ingest'] as const)(
    '%s limits refused credentials per address: rotating junk tokens ends in 429 and stops costing lookups',
    async (name) => {
      const service = await startService(name, {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: prefix,
        RATE_LIMIT_AUTH_FAILURES_BURST: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '1',
      });
      services.push(service);
      // Well-formed tokens, each new: every one passes the shape check, so each would cost a database lookup.
      const junkToken = () => `${name === 'api' ? 'tk' : 'st'}_${randomBytes(32).toString('base64url')}`;
      const lookupMetric =
        name === 'api' ? 'access_token_lookups_total' : 'ingest_station_token_lookups_total';
      const lookups = async () => {
        const text = await (await fetch(`${service.url}/metrics`)).text();
        return Number(new RegExp(`^${lookupMetric}\\{[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      };
      const send = (token: string) =>
        name === 'api'
          ? fetch(`${service.url}/v1/racks`, { headers: { authorization: `Bearer ${token}` } })
          : fetch(`${service.url}/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: '{}',
            });
      // A genuine credential seen before the flood is known good, and is not held up by its neighbour's junk.
      const genuineRequest = () =>
        fetch(`${service.url}${name === 'api' ? '/v1/racks' : '/v1/stations'}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
      expect((await genuineRequest()).status).toBe(200);

      const before = await lookups();
      const statuses: number[] = [];
      let refused: Response | undefined;
      for (let index = 0; index < 30; index += 1) {
        const response = await send(junkToken());
        statuses.push(response.status);
        if (response.status === 429) refused ??= response;
        else await response.text();
      }
      // Five refusals, then 429 for every new junk token (a minute of refill cannot pass within this loop).
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      expect(await lookups()).toBe(before + 5);
      expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused!.json()).toMatchObject({
        statusCode: 429,
        message: expect.stringContaining('Too many refused credentials from this address'),
      });
      expect((await genuineRequest()).status).toBe(200);
      expect(await (await fetch(`${service.url}/metrics`)).text()).toMatch(
        /http_auth_failures_limited_total\{[^}]*\} 25/,
      );
    },
  );
});
