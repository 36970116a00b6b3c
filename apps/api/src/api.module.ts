import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  AuditRepository,
  RackReadRepository,
  RackRouteRepository,
  RejectionReadRepository,
} from '#persistence';
import {
  AccessGuard,
  AccessModule,
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  InfrastructureModule,
  type HttpExceptionFilterOptions,
} from '#platform';
import { AccessTokenService } from './access/access-token.service.js';
import { AccessTokensController } from './access/access-tokens.controller.js';
import { AuditQueryService } from './access/audit-query.service.js';
import { AuditController } from './access/audit.controller.js';
import { API_CONFIG, type ApiConfig } from './api.config.js';
import { toHttpException } from './api.error.js';
import { AlertsReadModule } from './alerts/alerts-read.module.js';
import { RacksController } from './controllers/racks.controller.js';
import { RejectionsController } from './controllers/rejections.controller.js';
import { RoutesController } from './controllers/routes.controller.js';
import { ConfigurationTransaction } from './services/configuration-transaction.service.js';
import { RackQueryService } from './services/rack-query.service.js';
import { ReadSnapshot } from './services/read-snapshot.service.js';
import { RejectionQueryService } from './services/rejection-query.service.js';
import { RouteService } from './services/route.service.js';
import { SiteStatusModule } from './status/site-status.module.js';
import { LiveStreamModule } from './stream/live-stream.module.js';
import { createValidationPipe } from '#platform';
import { GenealogyModule } from './genealogy/genealogy.module.js';
import { QualityModule } from './quality/quality.module.js';
import { SuppliersModule } from './suppliers/suppliers.module.js';

/**
 * The read API for shift managers (racks, rejections, routes, weekly progress, WIP, live stream) and the
 * dashboard. Every `/v1` handler needs a manager or admin token (AccessGuard, global) unless marked otherwise.
 */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      // Global so that feature modules (status, stream, …) can inject API_CONFIG.
      global: true,
      imports: [
        InfrastructureModule.forRoot({ service: 'api', config }),
        AccessModule.forRoot({ adminToken: config.ADMIN_TOKEN, cacheTtlMs: config.ACCESS_CACHE_TTL_MS }),
        SiteStatusModule,
        LiveStreamModule,
        AlertsReadModule,
        GenealogyModule,
        SuppliersModule,
        QualityModule,
      ],
      controllers: [
        RacksController,
        RejectionsController,
        RoutesController,
        AccessTokensController,
        AuditController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_GUARD, useExisting: AccessGuard },
        {
          provide: HTTP_EXCEPTION_FILTER_OPTIONS,
          useValue: { mapError: toHttpException } satisfies HttpExceptionFilterOptions,
        },
        // Repositories are plain classes (no Nest in libs/persistence); they read through the shared pool.
        {
          provide: RackReadRepository,
          useFactory: (db: DataSource) => new RackReadRepository(db),
          inject: [DataSource],
        },
        {
          provide: RejectionReadRepository,
          useFactory: (db: DataSource) => new RejectionReadRepository(db),
          inject: [DataSource],
        },
        {
          provide: RackRouteRepository,
          useFactory: (db: DataSource) => new RackRouteRepository(db),
          inject: [DataSource],
        },
        {
          provide: AuditRepository,
          useFactory: (db: DataSource) => new AuditRepository(db),
          inject: [DataSource],
        },
        ReadSnapshot,
        ConfigurationTransaction,
        RackQueryService,
        RejectionQueryService,
        RouteService,
        AccessTokenService,
        AuditQueryService,
      ],
      exports: [API_CONFIG],
    };
  }
}
