import { ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '#platform';

/**
 * Strict on input: unknown query or body fields are a 400 naming them, not silently dropped, so a typo such as
 * `?stauts=failed` cannot return an unfiltered list that looks like an answer. The 400 lists every failing
 * field as `{ path, reason }`, in the shape all our HTTP services share.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });
}
