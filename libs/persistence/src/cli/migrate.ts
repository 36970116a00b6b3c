import { loadConfig, ServiceConfig } from '#config';
import { createDataSource } from '../data-source.js';
import { pendingSchemaChanges } from '../schema-drift.js';

class MigrateConfig extends ServiceConfig {}

/**
 * `npm run db:migrate` applies pending migrations; `-- --check` also fails when the entities and the
 * migrated schema disagree (CI runs it so a forgotten migration cannot land).
 */
async function main(): Promise<void> {
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
    if (process.argv.includes('--check')) {
      const drift = await pendingSchemaChanges(dataSource);
      if (drift.length > 0) {
        console.error(
          `db:migrate --check: entities and migrations disagree; a migration is missing:\n${drift.join('\n')}`,
        );
        process.exitCode = 1;
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
