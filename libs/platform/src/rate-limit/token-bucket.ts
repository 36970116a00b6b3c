export interface TokenBucketSettings {
  /** Requests a key may make at once after being idle. */
  burst: number;
  /** Requests per second a key earns back; 0 turns limiting off. */
  perSecond: number;
  /** Keys tracked at most; the least recently seen are forgotten first (a forgotten key starts full). */
  maxKeys?: number;
  now?: () => number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per key (a token's hash or a client address). A forgotten bucket is the same as a full
 * one, so bounding the map by evicting the least recently seen keys can only ever be lenient, never unfair.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly settings: TokenBucketSettings) {
    this.now = settings.now ?? Date.now;
    this.maxKeys = settings.maxKeys ?? 50_000;
  }

  get enabled(): boolean {
    return this.settings.perSecond > 0 && this.settings.burst > 0;
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }

  take(key: string): TakeResult {
    if (!this.enabled) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, updatedAt: now };
    const earned = (Math.max(0, now - bucket.updatedAt) / 1000) * this.settings.perSecond;
    const tokens = Math.min(this.settings.burst, bucket.tokens + earned);
    // Re-inserting keeps the Map in least-recently-seen order for eviction.
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      this.evict();
      return { allowed: true, remaining: Math.floor(tokens - 1) };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    this.evict();
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.settings.perSecond)),
    };
  }

  /**
   * Gives one token back (up to the burst): for a charge taken in advance that turned out not to be owed, such
   * as a credential checked before its lookup that proved genuine.
   */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + 1);
  }

  private evict(): void {
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
