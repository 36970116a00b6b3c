import { describe, expect, it } from '@jest/globals';
import { asArrayLiteral, combineStatements, runAsOneStatement, type SqlStatement } from './sql-statement.js';

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

  it('sends array parameters as literals, and the rest as they are', async () => {
    const calls: unknown[][] = [];
    const db = {
      query: async <T>(_sql: string, parameters?: unknown[]) => (calls.push(parameters!), [] as T),
    };
    const at = new Date('2026-12-07T06:00:00Z');
    await runAsOneStatement(db, [{ sql: 'SELECT $1, $2, $3, $4', parameters: [['a', null], [at], 'k', 7] }]);
    expect(calls[0]).toEqual(['{"a",null}', [at], 'k', 7]);
  });
});

describe('asArrayLiteral', () => {
  it.each([
    [[], '{}'],
    [['RK-1', null, undefined], '{"RK-1",null,null}'],
    [['', ' ', 'NULL', '{,}', 'é🔥'], '{""," ","NULL","{,}","é🔥"}'],
    [[3, -7, 0, 1.5], '{3,-7,0,1.5}'],
    [[true, false, null], '{true,false,null}'],
    [['say "hi"', 'C:\\new', '\\"'], '{"say \\"hi\\"","C:\\\\new","\\\\\\""}'],
    [['{"burn_in":2}', '{"note":"a\\nb"}'], '{"{\\"burn_in\\":2}","{\\"note\\":\\"a\\\\nb\\"}"}'],
  ])('spells %j as %s', (values, literal) => {
    expect(asArrayLiteral(values)).toBe(literal);
  });

  // JSON and the literal spell these differently (or JSON cannot say them): the driver encodes them as before.
  it.each([
    ['a newline', ['two\nlines']],
    ['a control character', ['bell\u0007']],
    ['a lone surrogate', ['\ud800']],
    ['NaN', [Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a bigint', [10n]],
    ['a date', [new Date(0)]],
    ['a nested array', [['a']]],
    ['an object', [{ a: 1 }]],
  ])('leaves an array holding %s to the driver', (_what, values) => {
    expect(asArrayLiteral(values)).toBe(values);
  });
});
