import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { StationStamp } from '#contracts';
import { reportCredentialVerdict } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import { StationAuthenticator } from './station.authenticator.js';

export interface StationRequest extends Request {
  station?: StationStamp;
}

/**
 * Lets a request through only with a valid station token, and hands the station to the handler. Tells the rate
 * limiter what it made of the token, which limits refused credentials per client address.
 */
@Injectable()
export class StationAuthGuard implements CanActivate {
  constructor(@Inject(StationAuthenticator) private readonly authenticator: StationAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StationRequest>();
    try {
      request.station = await this.authenticator.authenticate(request.header('authorization'));
    } catch (error) {
      const refused = error instanceof IngestError && error.code === 'unauthenticated';
      reportCredentialVerdict(request, refused ? 'refused' : 'not_checked');
      throw error;
    }
    reportCredentialVerdict(request, 'accepted');
    return true;
  }
}
