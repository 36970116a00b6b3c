import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { findUnstorableValues } from '#contracts';
import { HttpProblemException, type HttpErrorDetail } from './http-exception.filter.js';

// A URL full of bad parameters must not turn into an answer larger than itself.
const MAX_PROBLEMS = 20;

/**
 * Path and query parameters PostgreSQL could not take: `%00` decodes to U+0000, which no text parameter of a
 * query may hold (the driver's error would be a 500). Percent-decoding cannot make a lone surrogate (invalid
 * UTF-8 either fails to decode or becomes U+FFFD), but the check is the same one bodies get, so it is kept whole.
 * Each problem is named by its parameter (`serial`, `site`, or `tags.1` for a repeated query parameter).
 */
export function problemsWithRequestParameters(
  params: Readonly<Record<string, unknown>> | undefined,
  query: unknown,
): HttpErrorDetail[] {
  const inPath = findUnstorableValues(params ?? {}, MAX_PROBLEMS).map(({ path, reason }) => ({
    path,
    reason: `path parameter ${reason}`,
  }));
  const inQuery = findUnstorableValues(query ?? {}, MAX_PROBLEMS - inPath.length).map(({ path, reason }) => ({
    path,
    reason: `query parameter ${reason}`,
  }));
  return [...inPath, ...inQuery];
}

/**
 * Global guard of every service: refuses, with a 400 naming each parameter, a request whose path or query
 * parameters could not be stored or looked up. A guard rather than a middleware because only once the route
 * is matched are the path parameters known by name; global guards run before any controller's own.
 */
@Injectable()
export class StorableParametersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const problems = problemsWithRequestParameters(request.params, request.query);
    if (problems.length === 0) return true;
    throw new HttpProblemException(
      HttpStatus.BAD_REQUEST,
      problems.map(({ path, reason }) => `${path}: ${reason}`).join('; '),
      { errors: problems },
    );
  }
}
