import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { HttpProblemException } from '#platform';

/**
 * Refuses bodies that are not declared as JSON. The JSON parser silently skips them, and validation would
 * then report every field as missing, which sends a terminal's developer looking in the wrong place.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    // `is` answers null for a request without a body; validation reports that one field by field.
    if (request.is('application/json') !== false) return true;
    throw new HttpProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'Content-Type must be application/json',
    );
  }
}
