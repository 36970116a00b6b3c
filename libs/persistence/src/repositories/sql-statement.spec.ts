import { describe, expect, it } from '@jest/globals';
import { combineStatements, runAsOneStatement, type SqlStatement } from './sql-statement.js';

describe('combineStatements', () => {
  const insertA: SqlStatement = { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', parameters: ['x', 'y'] };
  const updateB: SqlStatement = { sql: 'UPDATE b SET v = $2 WHERE k = $1', parameters: ['k', 7] };

  it('leaves a lone statement as it is', () => {
    expect(combineStatements([null, insertA, null])).toBe(insertA);
  });

  it('is null when there is nothing to write', () => {
    expect(combineStatements([null, null])).toBeNull();
    expect(combineStatements([])).toBeNull();
  });

  it('renumbers each statement past the parameters of the ones before it, keeping every value in place', () => {
    const third: SqlStatement = {
      sql: 'INSERT INTO c SELECT * FROM unnest($1::text[], $10::int[])',
      parameters: [['p'], null, null, null, null, null, null, null, null, [10]],
    };
    const combined = combineStatements([insertA, updateB, third])!;
    expect(combined.sql).toBe(
      'WITH write_1 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\n' +
        'write_2 AS (UPDATE b SET v = $4 WHERE k = $3),\n' +
        'write_3 AS (INSERT INTO c SELECT * FROM unnest($5::text[], $14::int[]))\nSELECT 1',
    );
    expect(combined.parameters).toEqual([
      'x',
      'y',
      'k',
      7,
      ['p'],
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      [10],
    ]);
    // Every placeholder names the value its own statement meant.
    expect(combined.parameters[3]).toBe(7);
    expect(combined.parameters[13]).toEqual([10]);
  });

  it('runs the combined statement once, and nothing when every entry is null', async () => {
    const calls: [string, unknown[] | undefined][] = [];
    const db = {
      query: async <T>(sql: string, parameters?: unknown[]) => (calls.push([sql, parameters]), [] as T),
    };
    await runAsOneStatement(db, [null]);
    expect(calls).toEqual([]);
    await runAsOneStatement(db, [insertA, updateB]);
    expect(calls).toHaveLength(1);
    expect(calls[0]![1]).toEqual(['x', 'y', 'k', 7]);
  });
});
