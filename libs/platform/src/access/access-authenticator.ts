import { Logger } from '@nestjs/common';
import type { AccessTokenRecord } from '#persistence';
import { BOOTSTRAP_ADMIN, isAccessRole, type Principal } from './access-role.js';
import { hashAccessToken, looksLikeAccessToken } from './access-token.js';
import { secretsMatch } from './bearer-token.js';

/** What the authenticator needs of the token table; AccessTokenRepository has it. */
export interface AccessTokenLookup {
  findActiveByHash(tokenHash: string): Promise<AccessTokenRecord | null>;
}

export interface AccessAuthenticatorOptions {
  /** The bootstrap admin's secret (ADMIN_TOKEN): works without any database row. */
  adminToken: string;
  /** How long a looked-up token is trusted; bounds how late a revocation made elsewhere bites. */
  cacheTtlMs: number;
  maxCachedTokens?: number;
  now?: () => number;
  /** Called for every query of the token table (for a metric: each is a database round trip). */
  onLookup?: () => void;
}

/** The token table could not be asked; the guard answers 503 rather than calling a valid token wrong. */
export class AccessDirectoryUnavailableError extends Error {
  constructor(cause: unknown) {
    super('cannot verify the token: PostgreSQL is unavailable', { cause });
    this.name = 'AccessDirectoryUnavailableError';
  }
}

interface CachedLookup {
  principal: Principal | null;
  storedAt: number;
}

/**
 * Resolves a bearer token to the person behind it: the bootstrap ADMIN_TOKEN, or a token an admin issued.
 * Lookups (including "no such token") are cached briefly so a dashboard polling, or a client retrying a bad
 * token, costs one query per TTL rather than one per request.
 */
export class AccessAuthenticator {
  private readonly logger = new Logger(AccessAuthenticator.name);
  private readonly cache = new Map<string, CachedLookup>();
  private readonly now: () => number;
  private readonly maxCached: number;

  constructor(
    private readonly tokens: AccessTokenLookup,
    private readonly options: AccessAuthenticatorOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxCached = options.maxCachedTokens ?? 10_000;
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (secretsMatch(token, this.options.adminToken)) return BOOTSTRAP_ADMIN;
    if (!looksLikeAccessToken(token)) return null;
    const tokenHash = hashAccessToken(token);
    const cached = this.cache.get(tokenHash);
    if (cached && this.now() - cached.storedAt < this.options.cacheTtlMs) return cached.principal;
    const principal = await this.lookUp(tokenHash);
    this.remember(tokenHash, principal);
    return principal;
  }

  /**
   * Asks the token table again whatever the cache holds (and refreshes the cache): for what stays open after
   * one check, such as a live stream, which must end once its token is revoked anywhere.
   */
  async revalidate(token: string): Promise<Principal | null> {
    if (secretsMatch(token, this.options.adminToken)) return BOOTSTRAP_ADMIN;
    if (!looksLikeAccessToken(token)) return null;
    const tokenHash = hashAccessToken(token);
    const principal = await this.lookUp(tokenHash);
    this.remember(tokenHash, principal);
    return principal;
  }

  /** After a revocation through this instance, so it bites here at once rather than after the TTL. */
  forget(principalId: string): void {
    for (const [hash, entry] of this.cache) {
      if (entry.principal?.id === principalId) this.cache.delete(hash);
    }
  }

  private async lookUp(tokenHash: string): Promise<Principal | null> {
    let record: AccessTokenRecord | null;
    this.options.onLookup?.();
    try {
      record = await this.tokens.findActiveByHash(tokenHash);
    } catch (error) {
      throw new AccessDirectoryUnavailableError(error);
    }
    if (record === null) return null;
    if (!isAccessRole(record.role)) {
      this.logger.error({
        msg: 'access token has an unknown role; refusing it',
        tokenId: record.id,
        role: record.role,
      });
      return null;
    }
    return { id: `token:${record.id}`, name: record.name, role: record.role };
  }

  private remember(tokenHash: string, principal: Principal | null): void {
    if (this.options.cacheTtlMs <= 0) return;
    this.cache.delete(tokenHash);
    this.cache.set(tokenHash, { principal, storedAt: this.now() });
    // Map keeps insertion order, so the first key is the oldest entry.
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
  }
}
