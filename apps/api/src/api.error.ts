import { assertUnreachable } from '#domain';
import { HttpStatus } from '@nestjs/common';
import { HttpProblemException, type HttpErrorDetail } from '#platform';

export const API_ERROR_CODES = [
  'rack_not_found',
  'site_not_found',
  'token_not_found',
  'route_not_found',
  'invalid_route',
  'component_not_found',
  'supplier_not_found',
  'invalid_query',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The one error type of the api service; the HTTP layer maps each code to a status in `toHttpException`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: HttpErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Adding a code without deciding its status fails to compile. */
export function statusOf(code: ApiErrorCode): HttpStatus {
  switch (code) {
    case 'rack_not_found':
    case 'site_not_found':
    case 'token_not_found':
    case 'route_not_found':
    case 'component_not_found':
    case 'supplier_not_found':
      return HttpStatus.NOT_FOUND;
    case 'invalid_route':
    case 'invalid_query':
      return HttpStatus.BAD_REQUEST;
    default:
      return assertUnreachable(code, 'api error code');
  }
}

/** For the global HttpExceptionFilter: the api's errors become HTTP answers, anything else is not ours. */
export function toHttpException(error: unknown): HttpProblemException | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return new HttpProblemException(statusOf(error.code), error.message, {
    errors: error.details.length > 0 ? error.details : undefined,
    cause: error,
  });
}
