import type { Queryable } from '#persistence';
import type { TestDatabase } from './stack.js';

/** Records the SQL a repository sends (and answers nothing), so a test can explain the very statement it runs. */
export class StatementRecorder implements Queryable {
  readonly statements: { sql: string; parameters: unknown[] }[] = [];
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    this.statements.push({ sql, parameters });
    return [] as T;
  }
}

/** The suite's database as the Queryable repositories take: its query answers rows, which is what they expect. */
export function queryableOf(database: Pick<TestDatabase, 'query'>): Queryable {
  return {
    query: async <T>(sql: string, parameters?: unknown[]) =>
      (await database.query(sql, parameters)) as unknown as T,
  };
}
