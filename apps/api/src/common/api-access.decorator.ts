import { applyDecorators, HttpStatus, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { Problem } from './problem.view.js';

export const BEARER = 'token';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'A query, path or body field is invalid; `errors` names each one.',
  [HttpStatus.UNAUTHORIZED]: 'No token, or an unknown or revoked one (`WWW-Authenticate: Bearer`).',
  [HttpStatus.FORBIDDEN]: "The token's role is not enough (a manager token on an admin endpoint).",
  [HttpStatus.NOT_FOUND]: 'No such resource.',
  [HttpStatus.TOO_MANY_REQUESTS]:
    'Rate limit exceeded for this token (or address); wait `Retry-After` seconds.',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'PostgreSQL is unavailable; retry after `Retry-After` seconds.',
};

/** Error answers an operation can give, each in the common Problem shape. */
export function ApiProblems(...statuses: HttpStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: Problem }),
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
