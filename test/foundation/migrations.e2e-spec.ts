import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createDataSource, MIGRATIONS, schemaCatalogue } from '#persistence';
import { databaseUrl, uniqueName, withAdminClient } from '../support/stack.js';

/** A DataSource that knows only the first `count` migrations: the schema as it stood after them. */
async function migratedThrough(base: DataSource, count: number): Promise<string[]> {
  const prefix = new DataSource({ ...base.options, migrations: MIGRATIONS.slice(0, count) });
  await prefix.initialize();
  try {
    await prefix.runMigrations({ transaction: 'each' });
    return await schemaCatalogue(prefix);
  } finally {
    await prefix.destroy();
  }
}

// The migrations are the schema (docs/adr/0008-migrations-are-the-schema.md): nothing else describes it, so
// this is what guards them. Every `down` must bring back exactly the schema its `up` started from.
describe('schema from TypeORM migrations', () => {
  it('builds every table on an empty database, and every migration down restores the schema before its up', async () => {
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

      // Up one migration at a time, noting the schema after each.
      const after: string[][] = [await schemaCatalogue(dataSource)];
      for (let count = 1; count <= MIGRATIONS.length; count += 1)
        after.push(await migratedThrough(dataSource, count));
      expect(after[0]).toEqual([]);

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
      expect(await dataSource.runMigrations()).toEqual([]); // idempotent

      // Down one at a time: each must leave the schema as it was before that migration's up.
      for (let count = MIGRATIONS.length; count > 0; count -= 1) {
        await dataSource.undoLastMigration({ transaction: 'each' });
        expect({ undone: MIGRATIONS[count - 1].name, schema: await schemaCatalogue(dataSource) }).toEqual({
          undone: MIGRATIONS[count - 1].name,
          schema: after[count - 1],
        });
      }

      // And up again from nothing: the same schema as the first time.
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((migration) => migration.name)).toEqual(
        MIGRATIONS.map((migration) => migration.name),
      );
      expect(await schemaCatalogue(dataSource)).toEqual(after[MIGRATIONS.length]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});
