/**
 * A small deterministic PRNG (mulberry32) with the samplers the factory needs. Seeded, so that a run — and a
 * failing chaos test — can be reproduced exactly from its seed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Derives a seed from text, so `seed` and a run id together pick one reproducible stream. */
  static fromText(text: string): SeededRandom {
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index += 1) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    return new SeededRandom(hash >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  /** Integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Exponential with the given mean: the gaps between independent arrivals. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Normal (Box-Muller). */
  normal(mean: number, standardDeviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A task duration: normal around the mean with the given coefficient of variation, but never shorter than a
   * quarter of the mean (a burn-in cannot finish in no time, however unlucky the draw).
   */
  duration(mean: number, spread: number): number {
    return Math.max(mean * 0.25, this.normal(mean, mean * spread));
  }

  /** A version-4 UUID drawn from this stream (reproducible, unlike crypto.randomUUID). */
  uuid(): string {
    const bytes = new Uint8Array(16);
    for (let index = 0; index < 16; index += 4) {
      const word = Math.floor(this.next() * 4294967296);
      bytes[index] = word >>> 24;
      bytes[index + 1] = (word >>> 16) & 0xff;
      bytes[index + 2] = (word >>> 8) & 0xff;
      bytes[index + 3] = word & 0xff;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
