import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type ServiceName } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const SERVICES: ServiceName[] = ['ingest', 'tracker', 'alerts', 'api', 'cfx-bridge'];

interface Readiness {
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

async function readiness(url: string): Promise<{ code: number; body: Readiness }> {
  const response = await fetch(`${url}/health`);
  return { code: response.status, body: (await response.json()) as Readiness };
}

describe('every service boots, reports health and metrics, and stops on SIGTERM', () => {
  let database: TestDatabase;
  let prefix: string;

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('services'), createTestTopics()]);
  });
  afterAll(async () => {
    await database.drop();
  });

  it.each(SERVICES)(
    '%s: /health 200 with Kafka and Postgres checked for real, /metrics in Prometheus text, JSON logs',
    async (name) => {
      const service = await startService(name, { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix });
      try {
        const ready = await expectEventually(async () => {
          const answer = await readiness(service.url);
          expect(answer.code).toBe(200);
          return answer.body;
        });
        expect(ready.checks).toMatchObject({ postgres: { status: 'up' }, kafka: { status: 'up' } });
        expect((await fetch(`${service.url}/health/live`)).status).toBe(200);

        const metrics = await fetch(`${service.url}/metrics`);
        expect(metrics.headers.get('content-type')).toContain('text/plain');
        const text = await metrics.text();
        expect(text).toMatch(/^# HELP process_cpu_user_seconds_total/m);
        expect(text).toContain(`service="${name}"`);
        expect(text).toMatch(/http_request_duration_seconds_count\{.*route="\/health"/);

        const started = service.logs.find((line) => line.includes('"listening"'))!;
        expect(JSON.parse(started)).toMatchObject({
          level: 'log',
          service: name,
          message: { msg: 'listening' },
        });
      } finally {
        await service.stop();
      }
      const code = await service.exited;
      expect(code === 0 || code === null).toBe(true); // null: re-raised SIGTERM after a clean shutdown
    },
  );

  it.each(SERVICES)(
    '%s: readiness fails, naming Postgres, while Postgres is unreachable, and recovers',
    async (name) => {
      const proxy: TcpProxy = await startTcpProxy('127.0.0.1', 5432);
      const url = new URL(database.url);
      url.port = String(proxy.port);
      const service = await startService(name, {
        DATABASE_URL: url.toString(),
        KAFKA_TOPIC_PREFIX: prefix,
        HEALTH_TIMEOUT_MS: '1000',
      });
      try {
        await expectEventually(async () => expect((await readiness(service.url)).code).toBe(200));
        await proxy.cut();
        const down = await expectEventually(async () => {
          const answer = await readiness(service.url);
          expect(answer.code).toBe(503);
          return answer.body;
        });
        expect(down.checks.postgres.status).toBe('down');
        expect(down.checks.kafka.status).toBe('up');
        expect((await fetch(`${service.url}/health/live`)).status).toBe(200); // alive, just not ready
        await proxy.restore();
        await expectEventually(async () => expect((await readiness(service.url)).code).toBe(200), {
          timeoutMs: 30000,
        });
      } finally {
        await service.stop();
        await proxy.close();
      }
    },
  );

  it.each(SERVICES)('%s: refuses to start with bad configuration and names every bad variable', (name) => {
    const run = spawnSync(
      process.execPath,
      [resolve(import.meta.dirname, `../../dist/apps/${name}/src/main.js`)],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: 'mysql://nope',
          KAFKA_BROKERS: 'not a broker list',
          PORT: '99999',
          ADMIN_TOKEN: 'x'.repeat(32),
        },
        encoding: 'utf8',
        timeout: 20000,
      },
    );
    expect(run.status).toBe(78);
    expect(run.stderr).toContain(`${name}: invalid configuration`);
    expect(run.stderr).toMatch(/DATABASE_URL \("mysql:\/\/nope"\): must be a postgres:\/\/ URL/);
    expect(run.stderr).toMatch(/KAFKA_BROKERS/);
    expect(run.stderr).toMatch(/PORT \("99999"\)/);
  });
});
