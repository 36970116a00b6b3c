import { describe, expect, it } from '@jest/globals';
import {
  findUnstorableValues,
  holdsUnstorableNumber,
  isStorableJson,
  printableKey,
  unstorableNumberReason,
  unstorableTextReason,
} from './storable-json.js';

describe('unstorableTextReason', () => {
  it.each([
    ['plain text', 'RK-2026-000123', null],
    ['the empty string', '', null],
    ['an emoji (a well-formed surrogate pair)', 'ok \ud83d\ude00', null],
    ['U+FFFD, what invalid UTF-8 bytes become', 'a\ufffdb', null],
    ['U+0000', 'a\u0000b', 'contains U+0000 (NUL), which cannot be stored'],
    ['a lone high surrogate', '\ud800', 'contains a lone UTF-16 surrogate (U+D800), which cannot be stored'],
    ['a lone low surrogate', 'x\udc00', 'contains a lone UTF-16 surrogate (U+DC00), which cannot be stored'],
    [
      'a pair written the wrong way round',
      '\ude00\ud83d',
      'contains a lone UTF-16 surrogate (U+DE00), which cannot be stored',
    ],
    [
      'a high surrogate after a good pair',
      '\ud83d\ude00\udbff',
      'contains a lone UTF-16 surrogate (U+DBFF), which cannot be stored',
    ],
  ])('%s', (_, text, reason) => {
    expect(unstorableTextReason(text)).toBe(reason);
  });
});

describe('unstorableNumberReason', () => {
  it.each([
    ['an ordinary number', 42.5, null],
    ['the largest double', Number.MAX_VALUE, null],
    ['the smallest positive double', Number.MIN_VALUE, null],
    ['negative zero', -0, null],
    ['1e400 as JSON.parse reads it', JSON.parse('1e400') as number, expect.stringContaining('Infinity')],
    ['-1e400', JSON.parse('-1e400') as number, expect.stringContaining('Infinity')],
    ['NaN', Number.NaN, expect.stringContaining('not a number')],
  ])('%s', (_, value, reason) => {
    expect(unstorableNumberReason(value)).toEqual(reason);
  });
});

describe('printableKey', () => {
  it('writes NUL and lone surrogates as escapes, and leaves everything else alone', () => {
    expect(printableKey('note')).toBe('note');
    expect(printableKey('k\u0000')).toBe('k\\u0000');
    expect(printableKey('\ud800x\ud83d\ude00')).toBe('\\uD800x\ud83d\ude00');
  });
});

describe('findUnstorableValues', () => {
  it('finds every bad key, string and number, each at its path, in document order', () => {
    const message: unknown = JSON.parse(
      '{"event":{"rackSerial":"RK\\u0000","details":{"note":"\\ud800","ok":"\\ud83d\\ude00","k\\udc00":{"x":"\\u0000"}},' +
        '"measurements":[{"name":"t","value":1e400}]},"station":{"siteId":"s"}}',
    );
    expect(findUnstorableValues(message)).toEqual([
      { path: 'event.rackSerial', reason: 'contains U+0000 (NUL), which cannot be stored' },
      {
        path: 'event.details.note',
        reason: 'contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
      },
      // The key is reported; what sits under it is not looked at.
      {
        path: 'event.details.k\\uDC00',
        reason: 'key contains a lone UTF-16 surrogate (U+DC00), which cannot be stored',
      },
      { path: 'event.measurements.0.value', reason: expect.stringContaining('Infinity') },
    ]);
  });

  it('reports a bare value at the empty path', () => {
    expect(findUnstorableValues('\u0000')).toEqual([{ path: '', reason: expect.stringContaining('U+0000') }]);
  });

  it('stops at the limit, and does not overflow on deep nesting', () => {
    expect(
      findUnstorableValues(
        Array.from({ length: 100 }, () => '\u0000'),
        5,
      ),
    ).toHaveLength(5);
    let deep: unknown = '\ud800';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(findUnstorableValues(deep)).toHaveLength(1);
  });

  it('passes what PostgreSQL stores', () => {
    expect(isStorableJson({ a: [1, -0, 'x', null, true, { b: '\ud83d\ude00' }] })).toBe(true);
    expect(isStorableJson({ a: [1, { b: 'x\udfff' }] })).toBe(false);
  });
});

describe('holdsUnstorableNumber', () => {
  it.each([
    ['a finite number', 1e308, false],
    ['Infinity itself', JSON.parse('1e400') as unknown, true],
    ['a string that spells one', '1e400', false],
    ['nothing', null, false],
    ['Infinity deep in arrays and objects', JSON.parse('{"a":[1,{"b":[null,-1e999]}]}') as unknown, true],
    [
      'finite numbers everywhere',
      JSON.parse('{"a":[1,{"b":[null,-1e-999,2.5e10]}],"c":"x"}') as unknown,
      false,
    ],
    ['under a key named __proto__', JSON.parse('{"__proto__":1e999}') as unknown, true],
  ])('%s', (_, value, holds) => {
    expect(holdsUnstorableNumber(value)).toBe(holds);
  });

  it('does not overflow on deep nesting', () => {
    let deep: unknown = Number.NEGATIVE_INFINITY;
    for (let level = 0; level < 100_000; level += 1) deep = { next: [deep] };
    expect(holdsUnstorableNumber(deep)).toBe(true);
  });
});
