import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createDataSource, MIGRATIONS, schemaCatalogue } from '#persistence';
import { databaseUrl, uniqueName, withAdminClient } from '../support/stack.js';

/**
 * A DataSource that knows only the first `count` migrations: the schema as it stood after them. With
 * `statementTimeoutMs`, each statement has that limit, as a service's have 60 s.
 */
async function migratedThrough(
  base: DataSource,
  count: number,
  statementTimeoutMs?: number,
): Promise<string[]> {
  const extra =
    statementTimeoutMs === undefined
      ? base.options.extra
      : { ...(base.options.extra as object), statement_timeout: statementTimeoutMs };
  const prefix = new DataSource({ ...base.options, extra, migrations: MIGRATIONS.slice(0, count) });
  await prefix.initialize();
  try {
    await prefix.runMigrations({ transaction: 'each' });
    return await schemaCatalogue(prefix);
  } finally {
    await prefix.destroy();
  }
}

/** A new, empty database for one test, dropped after it. */
async function withEmptyDatabase(prefix: string, test: (dataSource: DataSource) => Promise<void>) {
  const name = uniqueName(prefix);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const dataSource = createDataSource({
    databaseUrl: databaseUrl(name),
    applicationName: 'migration-test',
    poolSize: 2,
  });
  try {
    await dataSource.initialize();
    await test(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

const STORED_ONCE = MIGRATIONS.findIndex((migration) =>
  migration.name.startsWith('AcceptedEventsStoredOnce'),
);

// The migrations are the schema (docs/adr/0008-migrations-are-the-schema.md): nothing else describes it, so
// this is what guards them. Every `down` must bring back exactly the schema its `up` started from.
describe('schema from TypeORM migrations', () => {
  it('builds every table on an empty database, and every migration down restores the schema before its up', async () => {
    await withEmptyDatabase('migrations', async (dataSource) => {
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
    });
  });

  it('moves each accepted event into its transition and back, and leaves the refused ones in station_event', async () => {
    const [accepted, refused] = [
      '0b0e7c1e-0000-4000-8000-000000000001',
      '0b0e7c1e-0000-4000-8000-000000000002',
    ];
    await withEmptyDatabase('migrations_events', async (dataSource) => {
      const recorded = () =>
        dataSource.query<{ event_id: string; outcome: string; payload: unknown; kafka_offset: string }[]>(
          `SELECT event_id, outcome, payload, kafka_offset FROM station_event ORDER BY event_id`,
        );
      await migratedThrough(dataSource, STORED_ONCE);
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

      await migratedThrough(dataSource, STORED_ONCE + 1);
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
    });
  });

  it("moves a long history without the services' statement limit stopping it", async () => {
    // A year is 1.5 M events and took 2 minutes (docs/operations.md, "Upgrading"). Here 100,000 events move with
    // each statement limited to 100 ms: moving them takes longer than that on any machine.
    await withEmptyDatabase('migrations_long', async (dataSource) => {
      await migratedThrough(dataSource, STORED_ONCE);
      await dataSource.query(
        `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at,
                                    payload, content_hash, outcome, kafka_partition, kafka_offset)
         SELECT md5(n::text)::uuid, 'RK-' || n / 10, 'ST-1', 'qa', 'passed', now(), now(), '{}', 'h' || n,
                'accepted', 0, n
           FROM generate_series(1, 100000) AS n`,
      );
      await dataSource.query(
        `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, to_stage, to_status, station_id,
                                      site_id, occurred_at)
         SELECT rack_serial, event_id, 'passed', 'qa', 'qa', 'passed', 'ST-1', 'site-1', now() FROM station_event`,
      );

      await migratedThrough(dataSource, STORED_ONCE + 1, 100);
      const [moved] = await dataSource.query<{ transitions: number; left: number }[]>(
        `SELECT (SELECT count(*)::int FROM rack_transition WHERE content_hash IS NOT NULL) AS transitions,
                (SELECT count(*)::int FROM station_event) AS left`,
      );
      expect(moved).toEqual({ transitions: 100_000, left: 0 });
    });
  });
});
