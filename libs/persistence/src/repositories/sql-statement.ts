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

/**
 * Whether JSON text escapes only what an array literal escapes the same way: `\"` and `\\` mean a quote and a
 * backslash in both, but `\n`, `\t` or `\u0001` (a control character, a lone surrogate) would read as the
 * letter after the backslash in a literal.
 */
function escapesOnlyQuotesAndBackslashes(json: string): boolean {
  for (let at = json.indexOf('\\'); at !== -1; at = json.indexOf('\\', at + 2)) {
    const escaped = json.charCodeAt(at + 1);
    if (escaped !== 0x22 && escaped !== 0x5c) return false;
  }
  return true;
}

/**
 * An array parameter as PostgreSQL's array literal, written by one native JSON.stringify. JSON's quoted string
 * is the literal's quoted element for any string free of control characters (both escape a quote and a
 * backslash with a backslash), a finite number is the same digits, `true` and `false` are boolean input, and
 * `null` reads as NULL (PostgreSQL takes the word in any case). node-postgres builds the same text element by
 * element: on a chunk's column arrays 2.6 times slower, and a sixth of all the tracker allocated. Any array this
 * cannot spell (a control character, a date, a bigint, NaN, a nested array) is returned as it is, for the
 * driver to encode as before.
 */
export function asArrayLiteral(values: readonly unknown[]): string | readonly unknown[] {
  for (const value of values) {
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean')
      continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    return values;
  }
  const json = JSON.stringify(values);
  if (!escapesOnlyQuotesAndBackslashes(json)) return values;
  return `{${json.slice(1, -1)}}`;
}

/** Runs the statements in one round trip (see combineStatements); nothing when all are null. */
export async function runAsOneStatement(
  db: Queryable,
  statements: readonly (SqlStatement | null)[],
): Promise<void> {
  const combined = combineStatements(statements);
  if (combined === null) return;
  const parameters = combined.parameters.map((value) =>
    Array.isArray(value) ? asArrayLiteral(value) : value,
  );
  await db.query(combined.sql, parameters);
}
