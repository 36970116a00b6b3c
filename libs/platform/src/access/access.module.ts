import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessTokenRepository } from '#persistence';
import { MetricsRegistry } from '../metrics.registry.js';
import { AccessAuthenticator } from './access-authenticator.js';
import { AccessGuard } from './access.guard.js';

export interface AccessModuleOptions {
  /** The bootstrap admin's token (ADMIN_TOKEN). */
  adminToken: string;
  /** How long a token lookup is trusted; default 5 s. */
  cacheTtlMs?: number;
}

/**
 * People's access (managers and admins) for any HTTP service: the authenticator over `access_token` plus
 * ADMIN_TOKEN, and AccessGuard. Register the guard globally (`{ provide: APP_GUARD, useExisting: AccessGuard }`)
 * or per controller (`@UseGuards(AccessGuard)`). Needs InfrastructureModule's DataSource and MetricsRegistry.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [
        {
          provide: AccessTokenRepository,
          useFactory: (dataSource: DataSource) => new AccessTokenRepository(dataSource),
          inject: [DataSource],
        },
        {
          provide: AccessAuthenticator,
          useFactory: (tokens: AccessTokenRepository, metrics: MetricsRegistry) => {
            const lookups = metrics.counter({
              name: 'access_token_lookups_total',
              help: 'Queries of the access token table (cache misses of the token check)',
            });
            return new AccessAuthenticator(tokens, {
              adminToken: options.adminToken,
              cacheTtlMs: options.cacheTtlMs ?? 5000,
              onLookup: () => lookups.inc(),
            });
          },
          inject: [AccessTokenRepository, MetricsRegistry],
        },
        AccessGuard,
      ],
      exports: [AccessTokenRepository, AccessAuthenticator, AccessGuard],
    };
  }
}
