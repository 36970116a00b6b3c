import pg from 'pg';
import { createDataSource } from '#persistence';

/** The URL of database `name` on the server of `serverUrl` (any postgres:// URL of that server). */
export function databaseUrlOn(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One short-lived connection for administrative statements (CREATE DATABASE cannot run on a pool's transaction). */
export async function withPostgresClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` on the server unless it exists; `fresh` drops it first. */
export async function ensureDatabase(
  serverUrl: string,
  name: string,
  options: { fresh?: boolean } = {},
): Promise<string> {
  await withPostgresClient(serverUrl, async (client) => {
    if (options.fresh) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
  return databaseUrlOn(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withPostgresClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}

/** Runs the product's migrations on a database, as `npm run db:migrate` does. */
export async function migrateDatabase(url: string, applicationName: string): Promise<void> {
  const dataSource = createDataSource({ databaseUrl: url, applicationName, poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
