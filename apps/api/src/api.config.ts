import { AdminTokenConfig } from '#config';

/** The read API's settings; the admin token gates route changes. */
export class ApiConfig extends AdminTokenConfig {
  override PORT = 3001;
}

/** DI token for the validated config, so guards read the admin token without touching process.env. */
export const API_CONFIG = Symbol('API_CONFIG');
