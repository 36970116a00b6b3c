import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import ipaddr from 'ipaddr.js';
import type { HttpErrorBody } from '../http-exception.filter.js';
import type { MetricsRegistry } from '../metrics.registry.js';
import { onCredentialVerdict } from './credential-verdict.js';
import { TokenBucketLimiter, type TokenBucketSettings } from './token-bucket.js';

// Probes and scrapes must keep working while a client is being throttled: they are how anyone notices.
const EXEMPT = /^\/(health(\/live)?|metrics)\/?$/;

// Credentials a guard accepted lately, which pass the failed-authentication gate untouched (a genuine token is
// genuine from any address). Bounded; one forgotten is merely checked again.
const MAX_TRUSTED_CREDENTIALS = 10_000;

function presentedToken(request: Request): string | undefined {
  const match = /^Bearer +(\S+)/i.exec(request.header('authorization') ?? '');
  const queryToken = (request.query as Record<string, unknown> | undefined)?.token;
  return match?.[1] ?? (typeof queryToken === 'string' ? queryToken : undefined);
}

/**
 * A client address as the failed-authentication bucket counts it: an IPv4 address (IPv4-mapped IPv6 included)
 * as itself, an IPv6 address by its /64, which one host can fill with addresses of its own at will.
 */
export function clientAddressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || !ipaddr.isValid(remoteAddress)) return 'unknown';
  const address = ipaddr.process(remoteAddress);
  if (address instanceof ipaddr.IPv4) return address.toString();
  const network = new ipaddr.IPv6([...address.parts.slice(0, 4), 0, 0, 0, 0]);
  return `${network.toString()}/64`;
}

/**
 * Who a request counts against: the bearer token when there is one (so stations behind one NAT address each
 * get their own bucket), else the client address. The token is hashed so the limiter never holds a secret.
 */
export function rateLimitKey(request: Request): string {
  const token = presentedToken(request);
  if (token !== undefined)
    return `token:${createHash('sha256').update(token, 'utf8').digest('base64url').slice(0, 22)}`;
  return `ip:${request.socket.remoteAddress ?? 'unknown'}`;
}

class RecentlyAccepted {
  private readonly keys = new Map<string, true>();

  has(key: string): boolean {
    if (!this.keys.delete(key)) return false;
    this.keys.set(key, true);
    return true;
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > MAX_TRUSTED_CREDENTIALS) this.keys.delete(this.keys.keys().next().value as string);
  }

  delete(key: string): void {
    this.keys.delete(key);
  }
}

function tooManyRequests(response: Response, message: string, retryAfterSeconds: number): void {
  const body: HttpErrorBody = {
    statusCode: HttpStatus.TOO_MANY_REQUESTS,
    error: 'Too Many Requests',
    message,
  };
  response.set('Retry-After', String(retryAfterSeconds)).status(body.statusCode).json(body);
}

/**
 * Express middleware: a token bucket per token or address; over the limit, 429 with Retry-After. Then, because a
 * fresh junk token gets a fresh bucket of its own, a second bucket per client address for credentials that do
 * not authenticate: a credential no guard has accepted lately is charged to its address *before* any guard
 * looks it up (so, once that bucket is empty, rotating junk tokens costs neither a lookup nor a bucket), and the
 * charge is given back when a guard accepts it. Genuine tokens behind the same address are not held up.
 */
export function rateLimit(
  settings: TokenBucketSettings,
  metrics: MetricsRegistry,
  authFailures?: TokenBucketSettings,
) {
  const limiter = new TokenBucketLimiter(settings);
  const failures = new TokenBucketLimiter(authFailures ?? { burst: 0, perSecond: 0 });
  const trusted = new RecentlyAccepted();
  const limited = metrics.counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused with 429 by the rate limiter',
  });
  const failuresLimited = metrics.counter({
    name: 'http_auth_failures_limited_total',
    help: 'Requests refused with 429 before authentication: their address presented too many credentials that were refused',
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (!limiter.enabled || EXEMPT.test(request.path)) {
      next();
      return;
    }
    const key = rateLimitKey(request);
    const outcome = limiter.take(key);
    if (!outcome.allowed) {
      limited.inc();
      tooManyRequests(
        response,
        `Rate limit exceeded (${settings.burst} at once, ${settings.perSecond}/s); retry after ${outcome.retryAfterSeconds} s`,
        outcome.retryAfterSeconds,
      );
      return;
    }
    if (!failures.enabled || !key.startsWith('token:')) {
      next();
      return;
    }
    const address = `ip:${clientAddressKey(request.socket.remoteAddress)}`;
    if (trusted.has(key)) {
      onCredentialVerdict(request, (verdict) => {
        if (verdict !== 'refused') return;
        trusted.delete(key);
        failures.take(address);
      });
      next();
      return;
    }
    const charge = failures.take(address);
    if (!charge.allowed) {
      failuresLimited.inc();
      tooManyRequests(
        response,
        `Too many refused credentials from this address (${authFailures!.burst} at once, then ${Math.round(authFailures!.perSecond * 60)}/min); retry after ${charge.retryAfterSeconds} s`,
        charge.retryAfterSeconds,
      );
      return;
    }
    onCredentialVerdict(request, (verdict) => {
      if (verdict === 'refused') return;
      failures.refund(address);
      if (verdict === 'accepted') trusted.add(key);
    });
    next();
  };
}
