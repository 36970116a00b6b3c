import { createHash, timingSafeEqual } from 'node:crypto';

/** `Authorization: Bearer <token>` → the token, or null when the header is absent or another scheme. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * Compares secrets in constant time. Hashing both first gives equal-length inputs, so neither the content
 * nor the length of the expected secret leaks through timing.
 */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
