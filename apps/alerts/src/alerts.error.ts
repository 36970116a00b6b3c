import { assertUnreachable } from '#domain';
import { HttpStatus } from '@nestjs/common';
import { HttpProblemException, type HttpErrorDetail } from '#platform';

export const ALERTS_ERROR_CODES = [
  'unauthenticated',
  'invalid_site_target',
  'invalid_site_rules',
  'invalid_webhook',
  'webhook_not_found',
] as const;
export type AlertsErrorCode = (typeof ALERTS_ERROR_CODES)[number];

/** The one error type of the alerts service; the HTTP layer maps each code to a status in `toHttpException`. */
export class AlertsError extends Error {
  constructor(
    readonly code: AlertsErrorCode,
    message: string,
    readonly details: HttpErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AlertsError';
  }
}

/** Adding a code without deciding its status fails to compile. */
export function statusOf(code: AlertsErrorCode): HttpStatus {
  switch (code) {
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'invalid_site_target':
    case 'invalid_site_rules':
    case 'invalid_webhook':
      return HttpStatus.BAD_REQUEST;
    case 'webhook_not_found':
      return HttpStatus.NOT_FOUND;
    default:
      return assertUnreachable(code, 'alerts error code');
  }
}

/** For the global HttpExceptionFilter: our errors become HTTP answers; anything else is not ours. */
export function toHttpException(error: unknown): HttpProblemException | undefined {
  if (!(error instanceof AlertsError)) return undefined;
  return new HttpProblemException(statusOf(error.code), error.message, {
    errors: error.details.length > 0 ? error.details : undefined,
    headers:
      error.code === 'unauthenticated'
        ? { 'WWW-Authenticate': 'Bearer realm="rack-line-tracker admin"' }
        : {},
    cause: error,
  });
}
