import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HttpProblemException } from '../http-exception.filter.js';
import { reportCredentialVerdict } from '../rate-limit/credential-verdict.js';
import { AccessAuthenticator, AccessDirectoryUnavailableError } from './access-authenticator.js';
import { roleSatisfies, type AccessRole } from './access-role.js';
import {
  ACCESS_PUBLIC,
  ACCESS_QUERY_TOKEN,
  ACCESS_ROLE,
  type AuthenticatedRequest,
} from './access.decorators.js';
import { bearerToken } from './bearer-token.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="rack-line-tracker"' };

/**
 * Managers and admins, by bearer token: `manager` unless the handler says `@RequireRole('admin')` or
 * `@Public()`. 401 when there is no valid token, 403 when the token's role is not enough. Each verdict is
 * reported to the rate limiter, which limits refused credentials per client address.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessAuthenticator) private readonly authenticator: AccessAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(ACCESS_PUBLIC, targets)) {
      reportCredentialVerdict(request, 'not_checked');
      return true;
    }
    const required = this.reflector.getAllAndOverride<AccessRole>(ACCESS_ROLE, targets) ?? 'manager';
    const token =
      bearerToken(request.header('authorization')) ??
      (this.reflector.getAllAndOverride<boolean>(ACCESS_QUERY_TOKEN, targets) ? queryToken(request) : null);
    if (token === null) {
      // A token in the query where only the header is read counts as refused: it opened nothing.
      reportCredentialVerdict(request, 'refused');
      throw new HttpProblemException(
        HttpStatus.UNAUTHORIZED,
        `This endpoint needs a ${required} token: Authorization: Bearer <token>`,
        { headers: CHALLENGE },
      );
    }
    let principal;
    try {
      principal = await this.authenticator.authenticate(token);
    } catch (error) {
      if (!(error instanceof AccessDirectoryUnavailableError)) throw error;
      reportCredentialVerdict(request, 'not_checked');
      throw new HttpProblemException(HttpStatus.SERVICE_UNAVAILABLE, error.message, {
        headers: { 'Retry-After': '5' },
        cause: error,
      });
    }
    if (principal === null) {
      reportCredentialVerdict(request, 'refused');
      throw new HttpProblemException(HttpStatus.UNAUTHORIZED, 'Unknown or revoked token', {
        headers: CHALLENGE,
      });
    }
    reportCredentialVerdict(request, 'accepted');
    if (!roleSatisfies(principal.role, required)) {
      throw new HttpProblemException(
        HttpStatus.FORBIDDEN,
        `This endpoint needs the ${required} role; the token presented has ${principal.role}`,
      );
    }
    request.principal = principal;
    return true;
  }
}

function queryToken(request: Request): string | null {
  const value = (request.query as Record<string, unknown>).token;
  return typeof value === 'string' && value.length > 0 ? value : null;
}
