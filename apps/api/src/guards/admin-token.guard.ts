import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api.error.js';

/** The token from `Authorization: Bearer <token>`, or null when the header is absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Compares digests rather than the tokens: equal lengths let timingSafeEqual run, and the time taken says
 * nothing about how much of the token, or how long a token, a caller guessed.
 */
export function tokenMatches(presented: string | null, expectedDigest: Buffer): boolean {
  return presented !== null && timingSafeEqual(digest(presented), expectedDigest);
}

/** Admin-only endpoints (route changes): the one shared ADMIN_TOKEN, checked in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = digest(config.ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (tokenMatches(bearerToken(request.headers.authorization), this.expected)) return true;
    throw new ApiError(
      'unauthenticated',
      'This endpoint needs the admin token: Authorization: Bearer <ADMIN_TOKEN>',
    );
  }
}
