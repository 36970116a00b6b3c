import type { Queryable } from '#persistence';

/** Records the SQL a repository sends (and answers nothing), so a test can explain the very statement it runs. */
export class StatementRecorder implements Queryable {
  readonly statements: { sql: string; parameters: unknown[] }[] = [];
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    this.statements.push({ sql, parameters });
    return [] as T;
  }
}
