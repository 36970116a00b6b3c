import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { MetricsRegistry } from '../metrics.registry.js';
import { reportCredentialVerdict } from './credential-verdict.js';
import { clientAddressKey, rateLimit } from './rate-limit.middleware.js';

const GENUINE = new Set(['genuine-1', 'genuine-2']);

/**
 * The middleware in front of a guard that looks every token up: counts the lookups, answers 401 for tokens it
 * does not know, 200 for the others; or the 429 the middleware answered before it.
 */
function service(
  settings = { burst: 1000, perSecond: 1000 },
  failures = { burst: 3, perSecond: 1 / 60, now: () => 0 },
) {
  const middleware = rateLimit(settings, new MetricsRegistry('test'), failures);
  let lookups = 0;
  const send = (token: string | null, address = '192.0.2.10', path = '/v1/racks') => {
    const request = {
      path,
      query: {},
      socket: { remoteAddress: address },
      header: (name: string) => (name === 'authorization' && token !== null ? `Bearer ${token}` : undefined),
    } as unknown as Request;
    let status = 0;
    let message = '';
    const response = {
      set: () => response,
      status: (code: number) => {
        status = code;
        return response;
      },
      json: (body: { message: string }) => {
        message = body.message;
        return response;
      },
    } as unknown as Response;
    let passed = false;
    middleware(request, response, () => (passed = true));
    if (!passed) return { status, message };
    if (token === null) return { status: 401, message: 'no token' };
    lookups += 1;
    const genuine = GENUINE.has(token);
    reportCredentialVerdict(request, genuine ? 'accepted' : 'refused');
    return { status: genuine ? 200 : 401, message: '' };
  };
  return { send, lookups: () => lookups };
}

describe('rateLimit: refused credentials per client address', () => {
  it('ends rotating junk tokens from one address in 429, before they are looked up', () => {
    const sut = service();
    const statuses = Array.from({ length: 10 }, (_, index) => sut.send(`junk-${index}`).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect(sut.lookups()).toBe(3);
    expect(sut.send('junk-x').message).toBe(
      'Too many refused credentials from this address (3 at once, then 1/min); retry after 60 s',
    );
  });

  it('holds up neither genuine tokens at the same address nor other addresses', () => {
    const sut = service();
    expect(sut.send('genuine-1').status).toBe(200);
    for (let index = 0; index < 5; index += 1) sut.send(`junk-${index}`);
    expect(sut.send('junk-more').status).toBe(429);
    // Known good: passes the gate untouched.
    expect(sut.send('genuine-1').status).toBe(200);
    // Another address has a bucket of its own.
    expect(sut.send('junk-elsewhere', '198.51.100.7').status).toBe(401);
  });

  it('gives the charge back for a token a guard accepts, so new genuine tokens never use it up', () => {
    const sut = service();
    for (let index = 0; index < 10; index += 1)
      expect(sut.send(index % 2 === 0 ? 'genuine-1' : 'genuine-2').status).toBe(200);
    expect(sut.lookups()).toBe(10);
    expect([sut.send('junk-1').status, sut.send('junk-2').status, sut.send('junk-3').status]).toEqual([
      401, 401, 401,
    ]);
  });

  it('counts an IPv6 client by its /64, however many addresses it takes from it', () => {
    const sut = service();
    const statuses = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:abcd::3', '2001:db8:1:2::4'].map(
      (address, index) => sut.send(`junk-${index}`, address).status,
    );
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(sut.send('junk-other-net', '2001:db8:1:3::1').status).toBe(401);
  });

  it('is off with the rest of rate limiting', () => {
    const sut = service({ burst: 1000, perSecond: 0 });
    expect(Array.from({ length: 10 }, (_, index) => sut.send(`junk-${index}`).status)).toEqual(
      Array.from({ length: 10 }, () => 401),
    );
  });

  it.each([
    ['192.0.2.10', '192.0.2.10'],
    ['::ffff:192.0.2.10', '192.0.2.10'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['::1', '::/64'],
    [undefined, 'unknown'],
  ])('clientAddressKey(%s) → %s', (address, key) => {
    expect(clientAddressKey(address)).toBe(key);
  });
});
