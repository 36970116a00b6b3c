import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, UnitOfWork } from '#persistence';
import { databaseUrl, uniqueName, withAdminClient } from '../support/stack.js';

/**
 * The tracker's writes skip `SET TRANSACTION` for READ COMMITTED, relying on the level every connection is
 * pinned to: a server or database whose default is stricter must not change what a write runs at.
 */
describe('unit of work: the isolation a write asks for is the one it gets', () => {
  const name = uniqueName('isolation');
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeAll(async () => {
    await withAdminClient(async (client) => {
      await client.query(`CREATE DATABASE "${name}"`);
      // As a DBA might set it: every session of this database SERIALIZABLE unless it says otherwise.
      await client.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
    });
    dataSource = createDataSource({
      databaseUrl: databaseUrl(name),
      applicationName: 'isolation-test',
      poolSize: 2,
    });
    await dataSource.initialize();
    uow = new UnitOfWork(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  const levelInside = (isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE') =>
    uow.write(async ({ db }) => {
      const [row] = await db.query<{ transaction_isolation: string }[]>('SHOW transaction_isolation');
      return row!.transaction_isolation;
    }, isolation);

  it('runs a default write at READ COMMITTED on a database whose default is SERIALIZABLE', async () => {
    expect(await levelInside()).toBe('read committed');
    expect(await levelInside('READ COMMITTED')).toBe('read committed');
  });

  it('still sets the stricter levels when asked', async () => {
    expect(await levelInside('REPEATABLE READ')).toBe('repeatable read');
    expect(await levelInside('SERIALIZABLE')).toBe('serializable');
  });
});
