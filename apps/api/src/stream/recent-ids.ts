/**
 * A bounded set of recently seen ids, oldest forgotten first. rack-transitions is relayed at least once, so
 * the same transition can arrive twice (a relay retry, a rebalance); clients must see it once.
 */
export class RecentIds {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** true the first time an id is offered (and remembers it), false for a repeat. */
  firstSighting(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    // A Set iterates in insertion order, so the first value is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
