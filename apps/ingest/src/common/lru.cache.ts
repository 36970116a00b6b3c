export interface LruCacheOptions {
  maxEntries: number;
  /** Entries older than this are treated as absent; omit for no expiry. */
  ttlMs?: number;
  /** Milliseconds since some epoch; injected so that tests control expiry. */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  storedAt: number;
}

/**
 * A bounded least-recently-used map with optional expiry. A Map keeps insertion order, so re-inserting on
 * each read moves an entry to the young end and the oldest one is always first: O(1) without a linked list.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly options: LruCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.isExpired(entry)) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.options.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now() });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches, e.g. all cached tokens of a station just revoked. */
  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (predicate(entry.value)) this.entries.delete(key);
    }
  }

  private isExpired(entry: Entry<V>): boolean {
    return this.options.ttlMs !== undefined && this.now() - entry.storedAt >= this.options.ttlMs;
  }
}
