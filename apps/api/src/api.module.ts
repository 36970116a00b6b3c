import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import {
  AccessGuard,
  AccessModule as AccessControlModule,
  Clock,
  createValidationPipe,
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  InfrastructureModule,
  SystemClock,
  type HttpExceptionFilterOptions,
} from '#platform';
import { AccessModule } from './access/access.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { API_CONFIG, type ApiConfig } from './api.config.js';
import { toHttpException } from './api.error.js';
import { GenealogyModule } from './genealogy/genealogy.module.js';
import { QualityModule } from './quality/quality.module.js';
import { RacksModule } from './racks/racks.module.js';
import { RejectionsModule } from './rejections/rejections.module.js';
import { RoutesModule } from './routes/routes.module.js';
import { BurnInModule } from './burn-in/burn-in.module.js';
import { DispositionsModule } from './dispositions/dispositions.module.js';
import { PassportsModule } from './passports/passports.module.js';
import { SupplierReturnsModule } from './supplier-returns/supplier-returns.module.js';
import { SitesModule } from './sites/sites.module.js';
import { StatusModule } from './status/status.module.js';
import { StreamModule } from './stream/stream.module.js';
import { SuppliersModule } from './suppliers/suppliers.module.js';

/**
 * The read API for shift managers (racks, rejections, routes, weekly progress, WIP, live stream) and the
 * dashboard. Every `/v1` handler needs a manager or admin token (AccessGuard, global) unless marked otherwise.
 * Each feature is a module of its own; this one holds only what every feature shares.
 */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      // Global so that feature modules can inject API_CONFIG and the Clock.
      global: true,
      imports: [
        InfrastructureModule.forRoot({ service: 'api', config }),
        AccessControlModule.forRoot({
          adminToken: config.ADMIN_TOKEN,
          cacheTtlMs: config.ACCESS_CACHE_TTL_MS,
        }),
        RacksModule,
        RejectionsModule,
        RoutesModule,
        AccessModule,
        SitesModule,
        StatusModule,
        StreamModule,
        AlertsModule,
        GenealogyModule,
        SuppliersModule,
        QualityModule,
        BurnInModule,
        DispositionsModule,
        SupplierReturnsModule,
        PassportsModule,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_GUARD, useExisting: AccessGuard },
        {
          provide: HTTP_EXCEPTION_FILTER_OPTIONS,
          useValue: { mapError: toHttpException } satisfies HttpExceptionFilterOptions,
        },
      ],
      exports: [API_CONFIG, Clock],
    };
  }
}
