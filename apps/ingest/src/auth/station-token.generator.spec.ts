import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { hashStationToken, issueStationToken, looksLikeStationToken } from './station-token.generator.js';

describe('station tokens', () => {
  it('issues st_ + 32 random bytes in base64url, with its SHA-256 hex', () => {
    const { token, tokenHash } = issueStationToken();
    expect(token).toMatch(/^st_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never issues the same token twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueStationToken().token));
    expect(tokens.size).toBe(200);
  });

  it('hashes deterministically', () => {
    expect(hashStationToken('st_abc')).toBe(hashStationToken('st_abc'));
    expect(hashStationToken('st_abc')).not.toBe(hashStationToken('st_abd'));
  });

  it('recognises the token shape', () => {
    expect(looksLikeStationToken(issueStationToken().token)).toBe(true);
    expect(looksLikeStationToken('st_short')).toBe(false);
    expect(looksLikeStationToken(`xx_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeStationToken(`st_${'a'.repeat(42)}!`)).toBe(false);
  });
});
