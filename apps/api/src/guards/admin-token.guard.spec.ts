import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { bearerToken, tokenMatches } from './admin-token.guard.js';

const expected = createHash('sha256').update('s3cret-token-0123456789abcdef').digest();

describe('admin token', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
  ])('reads the token from %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([[undefined], [''], ['Basic YWJjOmRlZg=='], ['Bearer'], ['Bearer a b'], ['abc']])(
    'finds no token in %j',
    (header) => {
      expect(bearerToken(header)).toBeNull();
    },
  );

  it('matches only the exact token', () => {
    expect(tokenMatches('s3cret-token-0123456789abcdef', expected)).toBe(true);
    expect(tokenMatches('s3cret-token-0123456789abcdeF', expected)).toBe(false);
    expect(tokenMatches('s3cret', expected)).toBe(false);
    expect(tokenMatches('s3cret-token-0123456789abcdef-and-more', expected)).toBe(false);
    expect(tokenMatches(null, expected)).toBe(false);
  });
});
