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

  it('moves each accepted event into its transition and back, and leaves the refused ones in station_event', async () => {
    const name = uniqueName('migrations_events');
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    const dataSource = createDataSource({
      databaseUrl: databaseUrl(name),
      applicationName: 'migration-test',
      poolSize: 2,
    });
    const storedOnce = MIGRATIONS.findIndex((migration) =>
      migration.name.startsWith('AcceptedEventsStoredOnce'),
    );
    const [accepted, refused] = [
      '0b0e7c1e-0000-4000-8000-000000000001',
      '0b0e7c1e-0000-4000-8000-000000000002',
    ];
    const recorded = () =>
      dataSource.query<{ event_id: string; outcome: string; payload: unknown; kafka_offset: string }[]>(
        `SELECT event_id, outcome, payload, kafka_offset FROM station_event ORDER BY event_id`,
      );
    try {
      await dataSource.initialize();
      await migratedThrough(dataSource, storedOnce);
      // As the tracker wrote them before: each event in station_event, the accepted one also as a transition.
      await dataSource.query(
        `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at,
                                    operator_id, payload, content_hash, outcome, kafka_partition, kafka_offset)
         VALUES ($1, 'RK-1', 'ST-1', 'assembly', 'started', now(), now(), 'op-7', '{"note":"accepted"}', 'h1',
                 'accepted', 3, 41),
                ($2, 'RK-1', 'ST-1', 'qa', 'passed', now(), now(), NULL, '{"note":"refused"}', 'h2',
                 'rejected', 3, 42)`,
        [accepted, refused],
      );
      await dataSource.query(
        `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                      site_id, occurred_at)
         VALUES ('RK-1', $1, 'started', 'assembly', 'assembly', 'in_progress', 'ST-1', 'site-1', now())`,
        [accepted],
      );
      const before = await recorded();

      await migratedThrough(dataSource, storedOnce + 1);
      expect((await recorded()).map((row) => row.event_id)).toEqual([refused]);
      expect(
        await dataSource.query(
          `SELECT payload, content_hash, operator_id, kafka_partition, kafka_offset FROM rack_transition`,
        ),
      ).toEqual([
        {
          payload: { note: 'accepted' },
          content_hash: 'h1',
          operator_id: 'op-7',
          kafka_partition: 3,
          kafka_offset: '41',
        },
      ]);
      expect(
        await dataSource.query(
          `SELECT event_id, type, outcome FROM recorded_station_event ORDER BY event_id`,
        ),
      ).toEqual([
        { event_id: accepted, type: 'started', outcome: 'accepted' },
        { event_id: refused, type: 'passed', outcome: 'rejected' },
      ]);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await recorded()).toEqual(before);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});
