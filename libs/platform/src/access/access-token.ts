import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'tk_';
// 32 random bytes in base64url are 43 characters without padding.
const TOKEN_PATTERN = /^tk_[A-Za-z0-9_-]{43}$/;

export interface IssuedAccessToken {
  /** Shown to the admin once; never stored. */
  token: string;
  /** What the database keeps: SHA-256 hex. A fast hash suffices because the token has 256 bits of entropy. */
  tokenHash: string;
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A distinct prefix from station tokens (`st_`), so a token pasted into the wrong place is recognisable. */
export function issueAccessToken(): IssuedAccessToken {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashAccessToken(token) };
}

/** Cheap shape check, so that garbage (or a station token) never costs a database round trip. */
export function looksLikeAccessToken(candidate: string): boolean {
  return TOKEN_PATTERN.test(candidate);
}
