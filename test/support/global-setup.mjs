// Runs before the integration suites, outside Jest's module sandbox (hence plain ESM against dist/).
// It checks the real local stack is there, with a message that says how to start it, makes sure the
// services are built, and migrates the template database that every suite clones.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');
const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const template = process.env.TEST_DB_NAME ?? 'rack_tracker_test';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

async function withAdmin(work) {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl} (${String(error)}): run \`npm run stack:up\`.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  if (!existsSync(resolve(root, 'dist/apps/tracker/src/main.js'))) {
    throw new Error('Services are not built: run `npm run build` (the README test command does this).');
  }
  await withAdmin(async (client) => {
    // On CI (one run at a time) start from a fresh template and drop suite databases an interrupted run
    // left behind (they are named <suite>_<8 hex>). Locally other runs may be using them, so keep them.
    if (process.env.CI) {
      await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      const leftovers = await client.query(
        `SELECT datname FROM pg_database WHERE datname ~ '^[a-z]+_[0-9a-f]{8}$'`,
      );
      for (const { datname } of leftovers.rows)
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${template}"`);
  });
  const { createDataSource } = await import(resolve(root, 'dist/libs/persistence/src/index.js'));
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const dataSource = createDataSource({
    databaseUrl: url.toString(),
    applicationName: 'test-setup',
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    // The migrations are the schema; test/foundation/migrations.e2e-spec.ts checks each one's down.
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  // CREATE DATABASE ... TEMPLATE needs the template to have no other sessions.
  await withAdmin((client) =>
    client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [template],
    ),
  );
  const admin = new Kafka({
    clientId: 'test-setup',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, maxRetryTime: 2000 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    // A broker that has just started creates __consumer_offsets on the first group request and answers "group
    // coordinator not available" until it has loaded it. A service started meanwhile and stopped before its
    // consumer joined (as the skeleton suites do) would log the errors of a join cut short; asking for a
    // group's coordinator here, with retries, waits that out once for every suite.
    await admin.describeGroups(['test-setup-coordinator-ready']);
  } catch (error) {
    throw new Error(
      `Kafka is not reachable at ${brokers.join(',')} (${String(error)}): run \`npm run stack:up\`.`,
    );
  } finally {
    await admin.disconnect();
  }
}
