/**
 * What an authenticating guard made of the credential a request presented:
 * - `accepted`: genuine (whatever its role turns out to allow);
 * - `refused`: unknown, revoked, malformed, or presented where it is not read;
 * - `not_checked`: no verdict was needed (a public endpoint) or possible (the directory is unavailable).
 */
export type CredentialVerdict = 'accepted' | 'refused' | 'not_checked';

/**
 * The rate limiter runs before any guard: it charges an unfamiliar credential to the client's address in
 * advance, and registers here how to settle that charge once a guard has judged the credential. A WeakMap, so
 * nothing outlives the request; requests the limiter did not charge have nothing to settle.
 */
const settlements = new WeakMap<object, (verdict: CredentialVerdict) => void>();

export function onCredentialVerdict(request: object, settle: (verdict: CredentialVerdict) => void): void {
  settlements.set(request, settle);
}

/** For guards; the first verdict on a request counts, later ones (a second guard) change nothing. */
export function reportCredentialVerdict(request: object, verdict: CredentialVerdict): void {
  const settle = settlements.get(request);
  if (settle === undefined) return;
  settlements.delete(request);
  settle(verdict);
}
