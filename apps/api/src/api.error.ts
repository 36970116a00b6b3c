import { HttpStatus } from '@nestjs/common';
import { ServiceError, serviceErrorMapper } from '#platform';

export const API_ERROR_CODES = [
  'rack_not_found',
  'site_not_found',
  'token_not_found',
  'route_not_found',
  'invalid_route',
  'component_not_found',
  'supplier_not_found',
  'invalid_query',
  'burn_in_positions_occupied',
  'disposition_table_not_found',
  'invalid_disposition_table',
  'supplier_return_not_found',
  'supplier_return_closed',
  'passport_not_found',
  'shift_not_found',
  'alert_not_found',
  'alert_not_acknowledgeable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The one error type of the api service; the HTTP layer answers each code with its `API_ERROR_STATUS`. */
export class ApiError extends ServiceError<ApiErrorCode> {}

/** A status for every code: adding a code without deciding its status fails to compile. */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, HttpStatus>> = {
  rack_not_found: HttpStatus.NOT_FOUND,
  site_not_found: HttpStatus.NOT_FOUND,
  token_not_found: HttpStatus.NOT_FOUND,
  route_not_found: HttpStatus.NOT_FOUND,
  component_not_found: HttpStatus.NOT_FOUND,
  supplier_not_found: HttpStatus.NOT_FOUND,
  invalid_route: HttpStatus.BAD_REQUEST,
  invalid_query: HttpStatus.BAD_REQUEST,
  burn_in_positions_occupied: HttpStatus.CONFLICT,
  disposition_table_not_found: HttpStatus.NOT_FOUND,
  invalid_disposition_table: HttpStatus.BAD_REQUEST,
  supplier_return_not_found: HttpStatus.NOT_FOUND,
  supplier_return_closed: HttpStatus.CONFLICT,
  passport_not_found: HttpStatus.NOT_FOUND,
  shift_not_found: HttpStatus.NOT_FOUND,
  alert_not_found: HttpStatus.NOT_FOUND,
  alert_not_acknowledgeable: HttpStatus.CONFLICT,
};

/** For the global HttpExceptionFilter: the api's errors become HTTP answers, anything else is not ours. */
export const toHttpException = serviceErrorMapper(ApiError, { status: API_ERROR_STATUS });
