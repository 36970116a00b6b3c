import { HttpStatus } from '@nestjs/common';

/** One open live stream: whose token holds it, and how to end it. */
export interface OpenStream {
  /** The principal the token stands for (`token:<id>`, `admin-token`): slots are counted per token by it. */
  principalId: string;
  /** The token as presented, to ask the token table again while the stream stays open. */
  token: string;
  /** Ends the stream; `revoked` tells the client first that its token no longer opens it. */
  end(reason: 'shutdown' | 'revoked'): void;
}

export interface StreamLimits {
  /** LIVE_MAX_CLIENTS */
  total: number;
  /** LIVE_MAX_CLIENTS_PER_TOKEN */
  perToken: number;
}

export type Admission =
  | { admitted: true }
  | {
      admitted: false;
      status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE;
      message: string;
    };

/**
 * The streams open on this instance: admission against both limits, and ending the streams of tokens that are
 * no longer valid. A token's own limit answers 429 (that client should close a stream, not retry elsewhere);
 * the instance's limit answers 503 (any client may retry shortly, or on another instance).
 */
export class OpenStreams {
  private readonly streams = new Set<OpenStream>();
  private revalidating = false;

  constructor(private readonly limits: StreamLimits) {}

  get size(): number {
    return this.streams.size;
  }

  admission(principalId: string): Admission {
    let held = 0;
    for (const stream of this.streams) if (stream.principalId === principalId) held += 1;
    if (held >= this.limits.perToken) {
      return {
        admitted: false,
        status: HttpStatus.TOO_MANY_REQUESTS,
        message: `This token already holds ${held} live streams, the most one token may open (LIVE_MAX_CLIENTS_PER_TOKEN=${this.limits.perToken}); close one first`,
      };
    }
    if (this.streams.size >= this.limits.total) {
      return {
        admitted: false,
        status: HttpStatus.SERVICE_UNAVAILABLE,
        message: `Too many live streams open on this instance (LIVE_MAX_CLIENTS=${this.limits.total}); retry shortly`,
      };
    }
    return { admitted: true };
  }

  add(stream: OpenStream): void {
    this.streams.add(stream);
  }

  delete(stream: OpenStream): void {
    this.streams.delete(stream);
  }

  endAll(): void {
    // Each end() removes itself from the set; iterate over a copy.
    for (const stream of Array.from(this.streams)) stream.end('shutdown');
  }

  /**
   * Asks about each distinct token once (`stillValid`: true, false, or null when it cannot tell, e.g. the token
   * table is unavailable — a database outage must not cut every wall screen) and ends the streams of those that
   * are no longer valid. A round still under way when the next is due is not doubled. How many it ended.
   */
  async endRevoked(stillValid: (token: string) => Promise<boolean | null>): Promise<number> {
    if (this.revalidating) return 0;
    this.revalidating = true;
    try {
      const byToken = new Map<string, OpenStream[]>();
      for (const stream of this.streams)
        byToken.set(stream.token, [...(byToken.get(stream.token) ?? []), stream]);
      let ended = 0;
      for (const [token, streams] of byToken) {
        if ((await stillValid(token)) !== false) continue;
        for (const stream of streams) {
          if (!this.streams.has(stream)) continue;
          stream.end('revoked');
          ended += 1;
        }
      }
      return ended;
    } finally {
      this.revalidating = false;
    }
  }
}
