import { describe, expect, it } from '@jest/globals';
import type { ClientBase } from 'pg';
import { prepareStatementsOn } from './prepared-statements.js';

/** What node-postgres was asked to run: the name a statement went under, if any. */
function recordingClient(fail?: (text: string) => Error | undefined) {
  const sent: { name?: string; text: string }[] = [];
  const client = {
    query(config: unknown, values?: unknown) {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const name = typeof config === 'string' ? undefined : (config as { name: string }).name;
      const given = typeof config === 'string' ? values : (config as { values: unknown }).values;
      sent.push({ name, text });
      const error = fail?.(text);
      return error ? Promise.reject(error) : Promise.resolve({ rows: [{ values: given }] });
    },
  };
  return { client: client as unknown as ClientBase, sent };
}

describe('prepareStatementsOn', () => {
  it('names each parameterised text once and reuses the name', async () => {
    const { client, sent } = recordingClient();
    prepareStatementsOn(client, 10);
    await client.query('SELECT $1::int', [1]);
    await client.query('SELECT $1::text', ['a']);
    await client.query('SELECT $1::int', [2]);
    expect(sent.map((entry) => entry.name)).toEqual(['auto_1', 'auto_2', 'auto_1']);
  });

  it('passes the values through unchanged', async () => {
    const { client } = recordingClient();
    prepareStatementsOn(client, 10);
    const result = await client.query('SELECT $1::text[]', [['a', null]]);
    expect(result.rows).toEqual([{ values: [['a', null]] }]);
  });

  it('leaves statements without parameters unnamed (they may hold several commands)', async () => {
    const { client, sent } = recordingClient();
    prepareStatementsOn(client, 10);
    await client.query('BEGIN; SELECT 1');
    await client.query('COMMIT', []);
    expect(sent.map((entry) => entry.name)).toEqual([undefined, undefined]);
  });

  it('runs texts beyond the limit unnamed, and keeps naming the ones it holds', async () => {
    const { client, sent } = recordingClient();
    prepareStatementsOn(client, 2);
    for (const text of ['SELECT $1 AS a', 'SELECT $1 AS b', 'SELECT $1 AS c', 'SELECT $1 AS a'])
      await client.query(text, [1]);
    expect(sent.map((entry) => entry.name)).toEqual(['auto_1', 'auto_2', undefined, 'auto_1']);
  });

  it.each([
    [
      'prepares a text anew under a fresh name after PostgreSQL refused its stale plan',
      Object.assign(new Error('cached plan must not change result type'), { code: '0A000' }),
      ['auto_1', 'auto_2'],
    ],
    [
      'keeps the name after any other failure (a unique violation is about the data, not the statement)',
      Object.assign(new Error('duplicate key value'), { code: '23505' }),
      ['auto_1', 'auto_1'],
    ],
  ])('%s', async (_case, failure, names) => {
    let refuse = true;
    const { client, sent } = recordingClient(() => (refuse ? failure : undefined));
    prepareStatementsOn(client, 10);
    const text = 'SELECT * FROM rack WHERE serial = $1';
    await expect(client.query(text, ['R1'])).rejects.toBe(failure);
    refuse = false;
    await client.query(text, ['R2']);
    expect(sent.map((entry) => entry.name)).toEqual(names);
  });

  it('does nothing with a limit of 0', async () => {
    const { client, sent } = recordingClient();
    prepareStatementsOn(client, 0);
    await client.query('SELECT $1::int', [1]);
    expect(sent).toEqual([{ name: undefined, text: 'SELECT $1::int' }]);
  });
});
