import { describe, expect, it } from '@jest/globals';
import type { AccessTokenRecord } from '#persistence';
import {
  AccessAuthenticator,
  AccessDirectoryUnavailableError,
  type AccessTokenLookup,
} from './access-authenticator.js';
import { BOOTSTRAP_ADMIN } from './access-role.js';
import { hashAccessToken, issueAccessToken, looksLikeAccessToken } from './access-token.js';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789';

function directory(records: Record<string, Partial<AccessTokenRecord>>) {
  const lookups: string[] = [];
  const lookup: AccessTokenLookup & { lookups: string[]; fail?: boolean } = {
    lookups,
    async findActiveByHash(hash) {
      lookups.push(hash);
      if (lookup.fail) throw new Error('connection refused');
      const record = records[hash];
      return record
        ? ({
            id: '1',
            name: 'n',
            role: 'manager',
            createdBy: 'admin-token',
            createdAt: new Date(),
            revokedAt: null,
            ...record,
          } as AccessTokenRecord)
        : null;
    },
  };
  return lookup;
}

describe('AccessAuthenticator', () => {
  it('takes ADMIN_TOKEN as the bootstrap admin without asking the database', async () => {
    const tokens = directory({});
    const sut = new AccessAuthenticator(tokens, { adminToken: ADMIN_TOKEN, cacheTtlMs: 1000 });
    expect(await sut.authenticate(ADMIN_TOKEN)).toEqual(BOOTSTRAP_ADMIN);
    expect(tokens.lookups).toEqual([]);
  });

  it('resolves an issued token by its hash to the person and role behind it', async () => {
    const issued = issueAccessToken();
    const sut = new AccessAuthenticator(
      directory({ [issued.tokenHash]: { id: '12', name: 'Line 2 lead', role: 'manager' } }),
      {
        adminToken: ADMIN_TOKEN,
        cacheTtlMs: 1000,
      },
    );
    expect(await sut.authenticate(issued.token)).toEqual({
      id: 'token:12',
      name: 'Line 2 lead',
      role: 'manager',
    });
    expect(await sut.authenticate(issueAccessToken().token)).toBeNull();
  });

  it('refuses station tokens and garbage without a lookup', async () => {
    const tokens = directory({});
    const sut = new AccessAuthenticator(tokens, { adminToken: ADMIN_TOKEN, cacheTtlMs: 1000 });
    for (const token of [
      'st_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG',
      'nope',
      ADMIN_TOKEN.slice(0, -1),
    ]) {
      expect(await sut.authenticate(token)).toBeNull();
    }
    expect(tokens.lookups).toEqual([]);
  });

  it('caches lookups for the TTL, and forgets a revoked token at once', async () => {
    let now = 0;
    const issued = issueAccessToken();
    const tokens = directory({ [issued.tokenHash]: { id: '7' } });
    const sut = new AccessAuthenticator(tokens, {
      adminToken: ADMIN_TOKEN,
      cacheTtlMs: 1000,
      now: () => now,
    });
    await sut.authenticate(issued.token);
    await sut.authenticate(issued.token);
    expect(tokens.lookups).toHaveLength(1);
    now = 1000;
    await sut.authenticate(issued.token);
    expect(tokens.lookups).toHaveLength(2);
    sut.forget('token:7');
    await sut.authenticate(issued.token);
    expect(tokens.lookups).toHaveLength(3);
  });

  it('revalidates past the cache, so what stays open sees a revocation made anywhere', async () => {
    const issued = issueAccessToken();
    const records: Record<string, Partial<AccessTokenRecord>> = { [issued.tokenHash]: { id: '9' } };
    const tokens = directory(records);
    const sut = new AccessAuthenticator(tokens, { adminToken: ADMIN_TOKEN, cacheTtlMs: 60_000 });
    expect(await sut.authenticate(issued.token)).toMatchObject({ id: 'token:9' });
    delete records[issued.tokenHash];
    expect(await sut.authenticate(issued.token)).toMatchObject({ id: 'token:9' });
    expect(await sut.revalidate(issued.token)).toBeNull();
    // …and the cache now knows it too.
    expect(await sut.authenticate(issued.token)).toBeNull();
    expect(tokens.lookups).toHaveLength(2);
    expect(await sut.revalidate(ADMIN_TOKEN)).toEqual(BOOTSTRAP_ADMIN);
    expect(await sut.revalidate('garbage')).toBeNull();
    expect(tokens.lookups).toHaveLength(2);
  });

  it('refuses a token with a role it does not know', async () => {
    const issued = issueAccessToken();
    const sut = new AccessAuthenticator(directory({ [issued.tokenHash]: { role: 'superuser' } }), {
      adminToken: ADMIN_TOKEN,
      cacheTtlMs: 0,
    });
    expect(await sut.authenticate(issued.token)).toBeNull();
  });

  it('says the directory is unavailable rather than calling a good token bad', async () => {
    const tokens = directory({});
    tokens.fail = true;
    const sut = new AccessAuthenticator(tokens, { adminToken: ADMIN_TOKEN, cacheTtlMs: 1000 });
    await expect(sut.authenticate(issueAccessToken().token)).rejects.toBeInstanceOf(
      AccessDirectoryUnavailableError,
    );
  });

  it('issues tokens of a recognisable shape, stored as SHA-256 hex', () => {
    const { token, tokenHash } = issueAccessToken();
    expect(looksLikeAccessToken(token)).toBe(true);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAccessToken(token)).toBe(tokenHash);
  });
});
