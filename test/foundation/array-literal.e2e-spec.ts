import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { asArrayLiteral } from '#persistence';
import { withAdminClient } from '../support/stack.js';

/**
 * The tracker's chunk write spells its column arrays itself (asArrayLiteral) instead of leaving them to
 * node-postgres: PostgreSQL must read back exactly the values the driver would have sent, whatever a terminal
 * typed, or a rack's history changes on the way in.
 */
describe('array parameters spelled as literals', () => {
  // What a terminal may send that an array literal treats specially; NUL is refused before any write.
  const awkward = fc.constantFrom(
    '',
    ' ',
    'NULL',
    'null',
    '{',
    '}',
    ',',
    '"',
    '\\',
    'a b',
    ' lead',
    'tab\there',
    'line\nbreak',
    'é',
    '🔥',
    'Ω≈ç',
    '{"slot":2}',
    'C:\\new',
    '\\"',
  );
  const text = fc.oneof(
    awkward,
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }).filter((value) => !value.includes('\u0000')),
  );

  it('reads back every text array exactly, through whichever spelling it takes', async () => {
    await withAdminClient(async (client) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 12 }), async (values) => {
          const { rows } = await client.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [
            asArrayLiteral(values),
          ]);
          expect(rows[0]!.a).toEqual(values);
        }),
        { numRuns: 300 },
      );
    });
  });

  it('reads back integers, bigints given as text, timestamps, booleans and nulls as the driver sends them', async () => {
    await withAdminClient(async (client) => {
      const occurred = ['2026-12-07T06:00:00.000Z', null, '1970-01-01T00:00:00.000Z'];
      const { rows } = await client.query<{
        n: (number | null)[];
        o: string[];
        t: (Date | null)[];
        b: (boolean | null)[];
      }>('SELECT $1::int[] AS n, $2::bigint[]::text[] AS o, $3::timestamptz[] AS t, $4::boolean[] AS b', [
        asArrayLiteral([3, null, -7, 0]),
        asArrayLiteral(['9007199254740993', '0']),
        asArrayLiteral(occurred),
        asArrayLiteral([true, null, false]),
      ]);
      expect(rows[0]).toEqual({
        n: [3, null, -7, 0],
        o: ['9007199254740993', '0'],
        t: occurred.map((at) => (at === null ? null : new Date(at))),
        b: [true, null, false],
      });
    });
  });
});
