import { HttpStatus } from '@nestjs/common';
import { ServiceError, serviceErrorMapper } from '#platform';

export type IngestErrorCode =
  | 'stale_event'
  | 'unauthenticated'
  | 'forbidden'
  | 'kafka_unavailable'
  | 'station_directory_unavailable'
  | 'station_exists'
  | 'station_not_found';

/** The one error type of the ingest service; the HTTP layer answers each code as `toHttpException` says. */
export class IngestError extends ServiceError<IngestErrorCode> {}

/** Seconds a terminal should wait before retrying when a dependency is down; short, since outages usually are. */
export const RETRY_AFTER_SECONDS = 5;

function headersOf(code: IngestErrorCode): Record<string, string> {
  if (code === 'unauthenticated') return { 'WWW-Authenticate': 'Bearer' };
  if (code === 'kafka_unavailable' || code === 'station_directory_unavailable')
    return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  return {};
}

/** For the global HttpExceptionFilter: ingest's errors become HTTP answers, anything else is not ours. */
export const toHttpException = serviceErrorMapper(IngestError, {
  status: {
    stale_event: HttpStatus.BAD_REQUEST,
    unauthenticated: HttpStatus.UNAUTHORIZED,
    forbidden: HttpStatus.FORBIDDEN,
    kafka_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
    station_directory_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
    station_exists: HttpStatus.CONFLICT,
    station_not_found: HttpStatus.NOT_FOUND,
  },
  headers: headersOf,
});
