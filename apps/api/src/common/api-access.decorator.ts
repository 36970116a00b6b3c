import { applyDecorators, HttpStatus, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { Problem } from './problem.view.js';

export const BEARER = 'token';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'A query, path or body field is invalid; `errors` names each one.',
  [HttpStatus.UNAUTHORIZED]: 'No token, or an unknown or revoked one (`WWW-Authenticate: Bearer`).',
  [HttpStatus.FORBIDDEN]: "The token's role is not enough (a manager token on an admin endpoint).",
  [HttpStatus.NOT_FOUND]: 'No such resource.',
  [HttpStatus.CONFLICT]: 'The resource is not in a state that allows this (already done, or closed).',
  [HttpStatus.TOO_MANY_REQUESTS]:
    'Rate limit exceeded for this token (or address); wait `Retry-After` seconds.',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'PostgreSQL is unavailable; retry after `Retry-After` seconds.',
};

/** What each error answer looks like, so the document shows each status's own body (not the 400 one). */
export const PROBLEM_EXAMPLES: Partial<Record<HttpStatus, Problem>> = {
  [HttpStatus.BAD_REQUEST]: {
    statusCode: 400,
    error: 'Bad Request',
    message: 'Validation failed',
    errors: [{ path: 'limit', reason: 'limit must not be greater than 500' }],
  },
  [HttpStatus.UNAUTHORIZED]: { statusCode: 401, error: 'Unauthorized', message: 'Unknown or revoked token' },
  [HttpStatus.FORBIDDEN]: {
    statusCode: 403,
    error: 'Forbidden',
    message: 'This endpoint needs the admin role; the token presented has manager',
  },
  [HttpStatus.NOT_FOUND]: { statusCode: 404, error: 'Not Found', message: 'No site site-9' },
  [HttpStatus.CONFLICT]: {
    statusCode: 409,
    error: 'Conflict',
    message: 'Alert 42 was acknowledged already by Dana Ruiz',
  },
  [HttpStatus.TOO_MANY_REQUESTS]: {
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Rate limit exceeded (300 at once, 30/s); retry after 1 s',
  },
  [HttpStatus.SERVICE_UNAVAILABLE]: {
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'The database is unavailable',
  },
};

/** Error answers an operation can give, each in the common Problem shape with an example of its own. */
export function ApiProblems(...statuses: HttpStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        type: Problem,
        example: PROBLEM_EXAMPLES[status] ?? { statusCode: status, error: 'Error', message: 'Error' },
      }),
    ),
  );
}

/** Any manager or admin token; what every read endpoint needs. */
export function ApiManagerAccess() {
  return applyDecorators(
    ApiBearerAuth(BEARER),
    ApiProblems(HttpStatus.UNAUTHORIZED, HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE),
  );
}

/** Admin tokens only (ADMIN_TOKEN or an issued admin token). */
export function ApiAdminAccess() {
  return applyDecorators(
    ApiBearerAuth(BEARER),
    ApiProblems(
      HttpStatus.UNAUTHORIZED,
      HttpStatus.FORBIDDEN,
      HttpStatus.TOO_MANY_REQUESTS,
      HttpStatus.SERVICE_UNAVAILABLE,
    ),
  );
}

/** What an operation answers: `type` with 200, or one of the errors listed, each in the common Problem shape. */
export function ApiAnswers(type: Type<unknown>, ...problems: HttpStatus[]) {
  return applyDecorators(ApiOkResponse({ type }), ApiProblems(...problems));
}
