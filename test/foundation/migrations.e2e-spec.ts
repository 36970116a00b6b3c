import { describe, expect, it } from '@jest/globals';
import { createDataSource, MIGRATIONS, pendingSchemaChanges } from '#persistence';
import { databaseUrl, uniqueName, withAdminClient } from '../support/stack.js';

describe('schema from TypeORM migrations', () => {
  it('builds every table on an empty database, matches the entities exactly, and rolls back cleanly', async () => {
    const name = uniqueName('migrations');
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    const dataSource = createDataSource({
      databaseUrl: databaseUrl(name),
      applicationName: 'migration-test',
      poolSize: 2,
    });
    try {
      await dataSource.initialize();
      expect(dataSource.options.synchronize).toBe(false);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((migration) => migration.name)).toEqual(
        MIGRATIONS.map((migration) => migration.name),
      );

      const tables = (
        await dataSource.query<{ table_name: string }[]>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
        )
      ).map((row) => row.table_name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'component_install',
          'consumer_offset',
          'outbox_message',
          'rack',
          'rack_route',
          'rack_transition',
          'rejection',
          'schema_migration',
          'station',
          'station_event',
          'supplier',
          'test_measurement',
        ]),
      );
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
      expect(await dataSource.runMigrations()).toEqual([]); // idempotent

      for (let remaining = MIGRATIONS.length; remaining > 0; remaining -= 1)
        await dataSource.undoLastMigration();
      const left = await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`,
      );
      expect(left).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});
