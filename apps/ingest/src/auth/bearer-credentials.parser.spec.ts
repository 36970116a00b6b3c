import { describe, expect, it } from '@jest/globals';
import { bearerToken, secretsMatch } from './bearer-credentials.parser.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%p -> %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe('secretsMatch', () => {
  it('matches equal secrets only', () => {
    expect(secretsMatch('admin-secret-0123456789abcdef', 'admin-secret-0123456789abcdef')).toBe(true);
    expect(secretsMatch('admin-secret-0123456789abcdeX', 'admin-secret-0123456789abcdef')).toBe(false);
    expect(secretsMatch('short', 'admin-secret-0123456789abcdef')).toBe(false);
  });

  it('never matches an empty expected secret', () => {
    expect(secretsMatch('', '')).toBe(false);
  });
});
