import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { StationStamp } from '#contracts';
import { StationAuthenticator } from './station.authenticator.js';

export interface StationRequest extends Request {
  station?: StationStamp;
}

/** Lets a request through only with a valid station token, and hands the station to the handler. */
@Injectable()
export class StationAuthGuard implements CanActivate {
  constructor(@Inject(StationAuthenticator) private readonly authenticator: StationAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StationRequest>();
    request.station = await this.authenticator.authenticate(request.header('authorization'));
    return true;
  }
}
