import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { StationStamp } from '#contracts';
import type { StationRequest } from './station-auth.guard.js';

/** The station StationAuthGuard authenticated; only valid on routes behind that guard. */
export const AuthenticatedStation = createParamDecorator(
  (_: unknown, context: ExecutionContext): StationStamp => {
    const station = context.switchToHttp().getRequest<StationRequest>().station;
    if (!station) throw new Error('AuthenticatedStation used on a route without StationAuthGuard');
    return station;
  },
);
