export {
  AccessAuthenticator,
  AccessDirectoryUnavailableError,
  type AccessAuthenticatorOptions,
  type AccessTokenLookup,
} from './access-authenticator.js';
export {
  ACCESS_ROLES,
  BOOTSTRAP_ADMIN,
  isAccessRole,
  roleSatisfies,
  type AccessRole,
  type Principal,
} from './access-role.js';
export {
  hashAccessToken,
  issueAccessToken,
  looksLikeAccessToken,
  type IssuedAccessToken,
} from './access-token.js';
export {
  AllowQueryToken,
  CurrentPrincipal,
  Public,
  RequireRole,
  type AuthenticatedRequest,
} from './access.decorators.js';
export { AccessGuard } from './access.guard.js';
export { AccessModule, type AccessModuleOptions } from './access.module.js';
export { bearerToken, secretsMatch } from './bearer-token.js';
