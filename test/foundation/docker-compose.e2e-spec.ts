import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is kept honest by checking it against the code.
const ROOT = resolve(import.meta.dirname, '../..');
const APPS = readdirSync(resolve(ROOT, 'apps')).filter((name) =>
  existsSync(resolve(ROOT, `apps/${name}/src/main.ts`)),
);
const DEFAULT_PORTS: Record<string, string> = {
  ingest: '3000',
  api: '3001',
  tracker: '3002',
  alerts: '3003',
  'cfx-bridge': '3004',
};

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  environment?: Record<string, string> | string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  return Array.isArray(env)
    ? Object.fromEntries(env.map((entry) => entry.split('=', 2) as [string, string]))
    : env;
}

describe('docker/compose.yaml', () => {
  const compose = parse(readFileSync(resolve(ROOT, 'docker/compose.yaml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };

  it('runs Kafka, the topic set-up, Postgres, the migration and every app that exists', () => {
    expect(APPS.sort()).toEqual(['alerts', 'api', 'cfx-bridge', 'ingest', 'tracker']);
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'kafka-init', 'postgres', 'migrate', ...APPS]),
    );
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:3\.9\.1$/);
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(String(compose.services.migrate.command)).toContain('dist/libs/persistence/src/cli/migrate.js');
  });

  it.each(APPS)(
    '%s: built from the repo Dockerfile, runs its own entry point, with config and dependencies',
    (app) => {
      const service = compose.services[app];
      const command = Array.isArray(service.command) ? service.command.join(' ') : String(service.command);
      expect(command).toContain(`dist/apps/${app}/src/main.js`);
      expect(existsSync(resolve(ROOT, `apps/${app}/src/main.ts`))).toBe(true);
      expect(service.build).toBeDefined();
      expect(existsSync(resolve(ROOT, 'docker', service.build!.context, service.build!.dockerfile))).toBe(
        true,
      );
      const env = environmentOf(service);
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/.*@postgres:5432\//);
      expect(env.KAFKA_BROKERS).toMatch(/^kafka:\d+$/);
      expect(env.PORT).toBe(DEFAULT_PORTS[app]);
      expect(env.HOST).toBe('0.0.0.0');
      // Services whose config extends AdminTokenConfig refuse to start without it (exit 78).
      const config = readFileSync(resolve(ROOT, `apps/${app}/src/${app}.config.ts`), 'utf8');
      if (config.includes('extends AdminTokenConfig')) expect(env.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?/);
      expect(service.depends_on?.['kafka-init']?.condition).toBe('service_completed_successfully');
      expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service.healthcheck).toBeDefined();
    },
  );

  it('creates exactly the topics stack.sh creates', () => {
    const init = JSON.stringify(compose.services['kafka-init']);
    expect(init).toContain('topics.txt');
  });
});
