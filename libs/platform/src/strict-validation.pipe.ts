import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { validationExceptionFactory } from './http-exception.filter.js';

/**
 * Strict on input, in every service: unknown query or body fields are a 400 naming them, not silently
 * dropped, so a typo such as `?stauts=failed` cannot return an unfiltered list that looks like an answer,
 * nor a misspelt rule name leave the default in force. The 400 lists every failing field as
 * `{ path, reason }`, the shape all our HTTP services share.
 */
export const STRICT_VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(STRICT_VALIDATION_OPTIONS);
}
