import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { HttpErrorBody } from '../http-exception.filter.js';
import type { MetricsRegistry } from '../metrics.registry.js';
import { TokenBucketLimiter, type TokenBucketSettings } from './token-bucket.js';

// Probes and scrapes must keep working while a client is being throttled: they are how anyone notices.
const EXEMPT = /^\/(health(\/live)?|metrics)\/?$/;

/**
 * Who a request counts against: the bearer token when there is one (so stations behind one NAT address each
 * get their own bucket), else the client address. The token is hashed so the limiter never holds a secret.
 */
export function rateLimitKey(request: Request): string {
  const match = /^Bearer +(\S+)/i.exec(request.header('authorization') ?? '');
  const queryToken = (request.query as Record<string, unknown> | undefined)?.token;
  const token = match?.[1] ?? (typeof queryToken === 'string' ? queryToken : undefined);
  if (token !== undefined)
    return `token:${createHash('sha256').update(token, 'utf8').digest('base64url').slice(0, 22)}`;
  return `ip:${request.socket.remoteAddress ?? 'unknown'}`;
}

/** Express middleware: a token bucket per token or address; over the limit, 429 with Retry-After. */
export function rateLimit(settings: TokenBucketSettings, metrics: MetricsRegistry) {
  const limiter = new TokenBucketLimiter(settings);
  const limited = metrics.counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused with 429 by the rate limiter',
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (!limiter.enabled || EXEMPT.test(request.path)) {
      next();
      return;
    }
    const outcome = limiter.take(rateLimitKey(request));
    if (outcome.allowed) {
      next();
      return;
    }
    limited.inc();
    const body: HttpErrorBody = {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      error: 'Too Many Requests',
      message: `Rate limit exceeded (${settings.burst} at once, ${settings.perSecond}/s); retry after ${outcome.retryAfterSeconds} s`,
    };
    response.set('Retry-After', String(outcome.retryAfterSeconds)).status(body.statusCode).json(body);
  };
}
