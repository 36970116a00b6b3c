import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IngestConfig } from '../ingest.config.js';
import { IngestError } from '../common/ingest.error.js';
import { bearerToken, secretsMatch } from './bearer-credentials.parser.js';

/** Station administration needs `Authorization: Bearer <ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(IngestConfig) private readonly config: IngestConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<Request>().header('authorization'));
    if (token === undefined)
      throw new IngestError('unauthenticated', 'missing bearer token (Authorization: Bearer <ADMIN_TOKEN>)');
    if (!secretsMatch(token, this.config.ADMIN_TOKEN))
      throw new IngestError('unauthenticated', 'invalid admin token');
    return true;
  }
}
