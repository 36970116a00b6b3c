// Shared plumbing for the genealogy benchmarks (trace-bench, install-throughput-bench): a dedicated
// database migrated to head, the built services started as production runs them, and latency statistics.
import {
  dropDatabase as dropDatabaseOn,
  ensureDatabase,
  migrateDatabase,
  startBuiltService as startService,
  type NodeProcess,
} from '#testing';
import { BENCH_ADMIN_TOKEN } from './support/bench-context.js';

export { BENCH_ADMIN_TOKEN };
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** Creates the database when missing (fresh = drop first) and migrates it to head with the built migrations. */
export async function preparedDatabase(name: string, options: { fresh?: boolean } = {}): Promise<string> {
  const url = await ensureDatabase(POSTGRES_ADMIN_URL, name, options);
  await migrateDatabase(url, 'bench-migrate');
  return url;
}

export function dropDatabase(name: string): Promise<void> {
  return dropDatabaseOn(POSTGRES_ADMIN_URL, name);
}

/** Starts `dist/apps/<name>/src/main.js` on a free loopback port and resolves once it logs that it listens. */
export function startBuiltService(
  name: 'api' | 'ingest' | 'tracker' | 'cfx-bridge',
  env: Record<string, string>,
): Promise<NodeProcess> {
  return startService(name, { KAFKA_BROKERS, ADMIN_TOKEN: BENCH_ADMIN_TOKEN, ...env }, { keepLines: 500 });
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
