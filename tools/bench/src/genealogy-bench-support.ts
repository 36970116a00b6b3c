// Shared plumbing for the genealogy benchmarks (trace-bench, install-throughput-bench): a dedicated
// database migrated to head, the built services started as production runs them, and latency statistics.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createDataSource } from '#persistence';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database when missing (fresh = drop first) and migrates it to head with the built migrations. */
export async function preparedDatabase(name: string, options: { fresh?: boolean } = {}): Promise<string> {
  await withAdminClient(async (client) => {
    if (options.fresh) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseUrl(name);
  const dataSource = createDataSource({ databaseUrl: url, applicationName: 'bench-migrate', poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export interface BenchService {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts `dist/apps/<name>/src/main.js` on a free loopback port and resolves once it logs that it listens. */
export async function startBuiltService(
  name: 'api' | 'ingest' | 'tracker',
  env: Record<string, string>,
): Promise<BenchService> {
  const child = spawn(process.execPath, [resolve(ROOT, `dist/apps/${name}/src/main.js`)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'log',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = once(child, 'exit');
  const listening = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 30 s:\n${logs.slice(-20).join('\n')}`)),
      30_000,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.push(line);
        if (logs.length > 500) logs.shift();
        if (!line.includes('"listening"')) return;
        try {
          const record = JSON.parse(line) as { message?: { msg?: string; url?: string } };
          if (record.message?.msg === 'listening' && record.message.url) {
            clearTimeout(timer);
            resolveUrl(record.message.url.replace('[::1]', '127.0.0.1'));
          }
        } catch {
          // not a JSON line; kept in logs
        }
      });
    }
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${logs.slice(-20).join('\n')}`));
    });
  });
  let url: string;
  try {
    url = await listening;
  } catch (error) {
    // A service that never said it listens must not outlive the benchmark that started it.
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    logs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Nearest-rank percentile of already collected samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function formatMs(value: number): string {
  return `${value.toFixed(1)} ms`;
}
