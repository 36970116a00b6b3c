import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDataSource } from '#persistence';
import { databaseUrl, TEMPLATE_DATABASE, testKafka, withAdminClient } from './stack.js';

/**
 * Integration tests run against the real local stack. This checks it is there (with a message that says how
 * to start it), migrates the template database once, and makes sure the services are built.
 */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/apps/tracker/src/main.js'))) {
    throw new Error('Services are not built: run `npm run build` (the README test command does this).');
  }
  await withAdminClient(async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  }).catch((error: unknown) => {
    throw new Error(`PostgreSQL is not reachable (${String(error)}): run \`npm run stack:up\`.`);
  });
  const dataSource = createDataSource({ databaseUrl: databaseUrl(TEMPLATE_DATABASE), applicationName: 'test-setup', poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  // Clones need the template to have no open connections.
  await withAdminClient((client) =>
    client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [TEMPLATE_DATABASE]),
  );
  const admin = testKafka().admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new Error(`Kafka is not reachable at ${process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'} (${String(error)}): run \`npm run stack:up\`.`);
  } finally {
    await admin.disconnect();
  }
}
