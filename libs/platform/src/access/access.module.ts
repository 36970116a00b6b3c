import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessTokenRepository } from '#persistence';
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
 * or per controller (`@UseGuards(AccessGuard)`). Needs InfrastructureModule's DataSource.
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
          useFactory: (tokens: AccessTokenRepository) =>
            new AccessAuthenticator(tokens, {
              adminToken: options.adminToken,
              cacheTtlMs: options.cacheTtlMs ?? 5000,
            }),
          inject: [AccessTokenRepository],
        },
        AccessGuard,
      ],
      exports: [AccessTokenRepository, AccessAuthenticator, AccessGuard],
    };
  }
}
