import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { createProductTopics, kafkaClient } from './kafka.js';
import { databaseUrlOn, withPostgresClient } from './postgres.js';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Migrated once by the global setup; every suite clones it. */
export const TEMPLATE_DATABASE = process.env.TEST_DB_NAME ?? 'rack_tracker_test';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export function databaseUrl(name: string): string {
  return databaseUrlOn(POSTGRES_ADMIN_URL, name);
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPostgresClient(POSTGRES_ADMIN_URL, work);
}

export interface TestDatabase {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one suite: a clone of the template (fast, and isolated from other suites). */
export async function createTestDatabase(prefix = 'suite'): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`),
  );
  const url = databaseUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  // drop() ends the pool and then drops the database WITH (FORCE), which terminates any connection still
  // closing; pg-pool reports that on the pool, and unheard it would fail whichever test is running.
  pool.on('error', () => undefined);
  return {
    name,
    url,
    async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      return (await pool.query<R>(sql, params)).rows;
    },
    async drop() {
      await pool.end();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export function testKafka(): Kafka {
  return kafkaClient(KAFKA_BROKERS, 'test');
}

/** Creates this suite's own copies of the product topics under a unique prefix. */
export async function createTestTopics(prefix = uniqueName('t').replace('_', '-') + '.'): Promise<string> {
  await createProductTopics(testKafka(), prefix);
  return prefix;
}
