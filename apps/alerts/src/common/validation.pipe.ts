import { ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '#platform';

/**
 * Strict on input: unknown fields are a 400 naming them rather than silently dropped (a typo in a rule
 * name must not leave the default in force unnoticed), and the 400 lists every failing field as
 * `{ path, reason }`, the shape all our HTTP services share.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });
}
