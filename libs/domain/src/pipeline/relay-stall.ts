/**
 * When does a relay stop being late and become stuck? Transitions and dead letters leave the tracker through
 * relays. A relay whose every pass fails (Kafka refuses what it sends, or never answers) or that an open
 * transaction holds back publishes nothing, while the partitions go on advancing and their own stall check
 * stays quiet: the line looks applied, and nothing downstream hears of it. Either state, once it has lasted
 * `stallSeconds`, is a stall; a pass that succeeds, or a hold released, ends it.
 */
export interface RelayState {
  /** Since when every pass has failed, and why the latest did; null while passes succeed. */
  readonly failing: { readonly since: Date; readonly reason: string } | null;
  /** Since when committed rows have waited behind an open transaction, and which one when known; null if none. */
  readonly heldBack: { readonly since: Date; readonly by: string | null } | null;
}

/** The sentence readiness reports for a stuck relay, or null while it is not stuck. */
export function describeRelayStall(
  topic: string,
  state: RelayState,
  now: Date,
  stallSeconds: number,
): string | null {
  const secondsSince = (since: Date) => Math.floor(Math.max(0, now.getTime() - since.getTime()) / 1000);
  if (state.failing !== null && secondsSince(state.failing.since) >= stallSeconds)
    return `the ${topic} relay has failed every pass for ${secondsSince(state.failing.since)} s: ${state.failing.reason}`;
  if (state.heldBack !== null && secondsSince(state.heldBack.since) >= stallSeconds)
    return `the ${topic} relay has been held back for ${secondsSince(state.heldBack.since)} s by ${state.heldBack.by ?? 'an open transaction'}`;
  return null;
}
