import { HttpStatus } from '@nestjs/common';
import { ServiceError, serviceErrorMapper } from '#platform';

export const ALERTS_ERROR_CODES = [
  'unauthenticated',
  'invalid_site_target',
  'invalid_site_rules',
  'invalid_webhook',
  'webhook_not_found',
] as const;
export type AlertsErrorCode = (typeof ALERTS_ERROR_CODES)[number];

/** The one error type of the alerts service; the HTTP layer answers each code as `toHttpException` says. */
export class AlertsError extends ServiceError<AlertsErrorCode> {}

/** For the global HttpExceptionFilter: our errors become HTTP answers; anything else is not ours. */
export const toHttpException = serviceErrorMapper(AlertsError, {
  status: {
    unauthenticated: HttpStatus.UNAUTHORIZED,
    invalid_site_target: HttpStatus.BAD_REQUEST,
    invalid_site_rules: HttpStatus.BAD_REQUEST,
    invalid_webhook: HttpStatus.BAD_REQUEST,
    webhook_not_found: HttpStatus.NOT_FOUND,
  },
  headers: (code): Record<string, string> =>
    code === 'unauthenticated' ? { 'WWW-Authenticate': 'Bearer realm="rack-line-tracker admin"' } : {},
});
