import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'st_';
// 32 random bytes in base64url are 43 characters without padding.
const TOKEN_PATTERN = /^st_[A-Za-z0-9_-]{43}$/;

export interface IssuedStationToken {
  /** Shown to the operator once; never stored. */
  token: string;
  /** What the database keeps: SHA-256 hex. A fast hash is enough because the token has 256 bits of entropy. */
  tokenHash: string;
}

export function hashStationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function issueStationToken(): IssuedStationToken {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashStationToken(token) };
}

/** Cheap shape check, so that garbage never costs a database round trip. */
export function looksLikeStationToken(candidate: string): boolean {
  return TOKEN_PATTERN.test(candidate);
}
