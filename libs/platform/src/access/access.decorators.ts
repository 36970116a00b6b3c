import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AccessRole, Principal } from './access-role.js';

export const ACCESS_PUBLIC = 'access:public';
export const ACCESS_ROLE = 'access:role';
export const ACCESS_QUERY_TOKEN = 'access:query-token';

/** No token needed: liveness, metrics, the dashboard's shell and the API docs. */
export const Public = () => SetMetadata(ACCESS_PUBLIC, true);

/**
 * The least role a handler needs. Without it, AccessGuard asks for `manager` (which an admin also has), so
 * a new endpoint is closed to anonymous callers unless someone marks it `@Public()` on purpose.
 */
export const RequireRole = (role: AccessRole) => SetMetadata(ACCESS_ROLE, role);

/**
 * Also accept the token as `?token=`, for browsers' EventSource, which cannot send headers. Only on
 * endpoints that need it: a token in a URL can end up in proxy logs and browser history.
 */
export const AllowQueryToken = () => SetMetadata(ACCESS_QUERY_TOKEN, true);

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The caller AccessGuard authenticated; only on handlers behind it that are not `@Public()`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a handler without AccessGuard');
  return principal;
});
