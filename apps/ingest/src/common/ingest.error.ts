import { assertUnreachable } from '#domain';
import { HttpStatus } from '@nestjs/common';
import { HttpProblemException, type HttpErrorDetail } from '#platform';

export type IngestErrorCode =
  | 'stale_event'
  | 'unauthenticated'
  | 'forbidden'
  | 'kafka_unavailable'
  | 'station_directory_unavailable'
  | 'station_exists'
  | 'station_not_found';

/** The one error type of the ingest service; the HTTP layer maps each code to a status in `toHttpException`. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: HttpErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestError';
  }
}

/** Seconds a terminal should wait before retrying when a dependency is down; short, since outages usually are. */
export const RETRY_AFTER_SECONDS = 5;

function statusOf(code: IngestErrorCode): number {
  switch (code) {
    case 'stale_event':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'kafka_unavailable':
    case 'station_directory_unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'station_exists':
      return HttpStatus.CONFLICT;
    case 'station_not_found':
      return HttpStatus.NOT_FOUND;
    default:
      return assertUnreachable(code, 'ingest error code');
  }
}

function headersOf(code: IngestErrorCode): Record<string, string> {
  if (code === 'unauthenticated') return { 'WWW-Authenticate': 'Bearer' };
  if (code === 'kafka_unavailable' || code === 'station_directory_unavailable')
    return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  return {};
}

/** For the global HttpExceptionFilter: ingest's errors become HTTP answers, anything else is not ours. */
export function toHttpException(error: unknown): HttpProblemException | undefined {
  if (!(error instanceof IngestError)) return undefined;
  return new HttpProblemException(statusOf(error.code), error.message, {
    errors: error.details.length > 0 ? error.details : undefined,
    headers: headersOf(error.code),
    cause: error,
  });
}
