import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RackReadRepository, RackRouteRepository, RejectionReadRepository } from '#persistence';
import {
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  InfrastructureModule,
  type HttpExceptionFilterOptions,
} from '#platform';
import { API_CONFIG, type ApiConfig } from './api.config.js';
import { toHttpException } from './api.error.js';
import { OpenApiController } from './controllers/openapi.controller.js';
import { RacksController } from './controllers/racks.controller.js';
import { RejectionsController } from './controllers/rejections.controller.js';
import { RoutesController } from './controllers/routes.controller.js';
import { AdminTokenGuard } from './guards/admin-token.guard.js';
import { RackQueryService } from './services/rack-query.service.js';
import { ReadSnapshot } from './services/read-snapshot.service.js';
import { RejectionQueryService } from './services/rejection-query.service.js';
import { RouteService } from './services/route.service.js';
import { createValidationPipe } from './validation/validation.pipe.js';

/** The read API for shift managers: racks, rejections and routes per model. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [InfrastructureModule.forRoot({ service: 'api', config })],
      controllers: [RacksController, RejectionsController, RoutesController, OpenApiController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
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
        ReadSnapshot,
        RackQueryService,
        RejectionQueryService,
        RouteService,
        AdminTokenGuard,
      ],
    };
  }
}
