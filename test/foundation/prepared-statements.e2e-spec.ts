import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { classifyDatabaseFailure, createDataSource } from '#persistence';
import { databaseUrl, uniqueName, withAdminClient } from '../support/stack.js';

/**
 * Every service's connections prepare their parameterised statements (DATABASE_PREPARED_STATEMENTS): PostgreSQL
 * parses each once per connection. What a caller sees must not change — the same rows, the same errors — and a
 * migration that changes a table under a prepared statement must cost one retry, never a stuck connection or a
 * message refused as if its data were at fault.
 */
describe('prepared statements on every connection', () => {
  const name = uniqueName('prepared');
  let prepared: DataSource;
  let unprepared: DataSource;

  /** One connection each, so what a test prepares is what pg_prepared_statements shows it. */
  const open = async (preparedStatements: number) => {
    const dataSource = createDataSource({
      databaseUrl: databaseUrl(name),
      applicationName: 'prepared-test',
      poolSize: 1,
      preparedStatements,
    });
    await dataSource.initialize();
    return dataSource;
  };

  beforeAll(async () => {
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    prepared = await open(3);
    unprepared = await open(0);
    await prepared.query('CREATE TABLE station_note (id int PRIMARY KEY, note text NOT NULL)');
    await prepared.query(`INSERT INTO station_note VALUES (1, 'calibrated'), (2, 'fan noise')`);
  });

  afterAll(async () => {
    await prepared?.destroy();
    await unprepared?.destroy();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  const preparedTexts = async (dataSource: DataSource) =>
    (
      await dataSource.query<{ statement: string }[]>(
        'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
      )
    ).map((row) => row.statement);

  it('prepares a parameterised statement once and answers it as before, run after run', async () => {
    const text = 'SELECT note FROM station_note WHERE id = $1';
    for (const id of [1, 2, 1]) {
      const expected = id === 1 ? 'calibrated' : 'fan noise';
      expect(await prepared.query(text, [id])).toEqual([{ note: expected }]);
      expect(await unprepared.query(text, [id])).toEqual([{ note: expected }]);
    }
    expect((await preparedTexts(prepared)).filter((statement) => statement === text)).toHaveLength(1);
    expect(await preparedTexts(unprepared)).toEqual([]);
  });

  it('plans every run for its own parameters, as an unnamed statement is', async () => {
    expect(await prepared.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
    expect(await unprepared.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'auto' }]);
  });

  it('leaves statements without parameters alone, so a text of several commands still runs', async () => {
    await prepared.query('SET application_name = prepared_test_b; SET application_name = prepared_test');
    expect(await preparedTexts(prepared)).not.toContainEqual(expect.stringContaining('SET application_name'));
  });

  it('runs statements beyond the per-connection limit unnamed, with the same answers', async () => {
    for (let extra = 1; extra <= 5; extra++) {
      expect(await prepared.query(`SELECT $1::int + ${extra} AS n`, [10])).toEqual([{ n: 10 + extra }]);
    }
    expect((await preparedTexts(prepared)).length).toBeLessThanOrEqual(3);
  });

  it('keeps a failing statement’s error as it was, and the connection usable', async () => {
    const insert = 'INSERT INTO station_note (id, note) VALUES ($1, $2)';
    await expect(prepared.query(insert, [1, 'again'])).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23505' }),
    });
    await prepared.query(insert, [3, 'new belt']);
    expect(await prepared.query('SELECT count(*)::int AS n FROM station_note WHERE id = $1', [3])).toEqual([
      { n: 1 },
    ]);
  });

  it('survives a migration that changes a table under a prepared statement: one transient failure, then the new columns', async () => {
    const dataSource = await open(10);
    try {
      const text = 'SELECT * FROM station_note WHERE id = $1';
      expect(await dataSource.query(text, [2])).toEqual([{ id: 2, note: 'fan noise' }]);
      await prepared.query('ALTER TABLE station_note ADD COLUMN shift text');

      const failure = await dataSource.query(text, [2]).then(
        () => null,
        (error: unknown) => error,
      );
      // PostgreSQL refuses the old prepared statement once; the tracker retries a 'connection' failure.
      expect(failure).not.toBeNull();
      expect(classifyDatabaseFailure(failure)).toBe('connection');
      // What the classification recognises when the message is translated (lc_messages): the raising routine.
      expect(failure).toMatchObject({ driverError: { code: '0A000', routine: 'RevalidateCachedQuery' } });
      expect(await dataSource.query(text, [2])).toEqual([{ id: 2, note: 'fan noise', shift: null }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
