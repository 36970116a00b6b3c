import { loadConfig, ServiceConfig } from '#config';
import { createDataSource } from '../data-source.js';

class MigrateConfig extends ServiceConfig {}

/**
 * `npm run db:migrate` applies pending migrations. The migrations are the schema, so there is nothing else to
 * compare a database with; the integration tests check that every migration's `down` undoes its `up`.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    // Entities are gone, so a `--check` that passed would check nothing; say so rather than pass silently.
    throw new Error(
      'db:migrate: --check was removed with the entities; the migration test (test/foundation) checks the migrations',
    );
  }
  const config = loadConfig('db:migrate', MigrateConfig);
  const dataSource = createDataSource({
    databaseUrl: config.DATABASE_URL,
    applicationName: 'db-migrate',
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const where = new URL(config.DATABASE_URL).pathname.slice(1);
    console.log(
      applied.length === 0
        ? `db:migrate: ${where} is up to date`
        : `db:migrate: applied ${applied.map((migration) => migration.name).join(', ')} to ${where}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
