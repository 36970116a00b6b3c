import type { ClientBase, QueryResult } from 'pg';
import { isStalePreparedStatement } from './database-failure.js';

/**
 * Automatic prepared statements, as JDBC's and Npgsql's drivers do them: every parameterised statement a
 * connection runs becomes a named prepared statement on that connection, up to `limit` distinct texts, so
 * PostgreSQL parses and analyses each text once per connection. At line rates a tracker chunk carries a few
 * events, and parsing and analysing its statements were a fifth of the tracker's PostgreSQL CPU (perf, 200
 * events/s). Planning still happens at every run (createDataSource sets plan_cache_mode).
 *
 * Statements without parameters (BEGIN, COMMIT, migrations' DDL) stay simple queries: they may hold several
 * commands, which a prepared statement cannot. Texts beyond the limit run unnamed as before, so a caller that
 * spells its values into the text costs no more than it did.
 */
export function prepareStatementsOn(client: ClientBase, limit: number): void {
  if (limit <= 0) return;
  const names = new Map<string, string>();
  let nextName = 1;
  const run = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;

  const prepared = (text: string, values: unknown[]): Promise<QueryResult> => {
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= limit) return run(text, values) as Promise<QueryResult>;
      name = `auto_${nextName++}`;
      names.set(text, name);
    }
    const promise = run({ name, text, values }) as Promise<QueryResult>;
    return promise.catch((error: unknown) => {
      // The table changed under a statement whose result depends on its columns (a migration while this
      // service ran): PostgreSQL refuses that prepared statement for good, so the next run prepares it anew.
      if (isStalePreparedStatement(error)) names.set(text, `auto_${nextName++}`);
      throw error;
    });
  };

  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) =>
    typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined
      ? prepared(config, values)
      : run(config, values, callback);
}
