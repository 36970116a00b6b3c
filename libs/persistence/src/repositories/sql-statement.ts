import type { Queryable } from './queryable.js';

/** One parameterised statement, built by a repository and run by whoever holds the connection. */
export interface SqlStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

// `$n` placeholders. The statements combined here are ours: no string literal or dollar quote holds a `$`.
const PLACEHOLDER = /\$(\d+)/g;

/**
 * Several writes as one statement, each a data-modifying WITH clause, so they cost one round trip instead of
 * one each (at line rates a tracker chunk is one event, and its round trips, not its rows, cost the CPU).
 * PostgreSQL runs the clauses against one snapshot, each to completion: they must be independent — none may
 * read what another writes, nor touch a row another touches. Unique and foreign-key checks still apply row
 * by row. Null entries (nothing to write) are left out; null when nothing is left.
 */
export function combineStatements(statements: readonly (SqlStatement | null)[]): SqlStatement | null {
  const present = statements.filter((statement): statement is SqlStatement => statement !== null);
  if (present.length <= 1) return present[0] ?? null;
  const parameters: unknown[] = [];
  const clauses = present.map((statement, index) => {
    const offset = parameters.length;
    parameters.push(...statement.parameters);
    const sql = statement.sql.replace(PLACEHOLDER, (_, n: string) => `$${Number(n) + offset}`);
    return `write_${index + 1} AS (${sql})`;
  });
  return { sql: `WITH ${clauses.join(',\n')}\nSELECT 1`, parameters };
}

/** Runs the statements in one round trip (see combineStatements); nothing when all are null. */
export async function runAsOneStatement(
  db: Queryable,
  statements: readonly (SqlStatement | null)[],
): Promise<void> {
  const combined = combineStatements(statements);
  if (combined !== null) await db.query(combined.sql, [...combined.parameters]);
}
