import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { StationEventLookupRepository, StationRepository, UnitOfWork } from '#persistence';
import {
  AccessModule,
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  InfrastructureModule,
  STRICT_VALIDATION_OPTIONS,
  type HttpExceptionFilterOptions,
} from '#platform';
import { AcceptStationEventsUseCase } from './accept-station-events/accept-station-events.use-case.js';
import { DuplicateEventDetector } from './accept-station-events/duplicate-event.detector.js';
import { StationEventPublisher } from './accept-station-events/station-event.publisher.js';
import { StationEventsController } from './accept-station-events/station-events.controller.js';
import { StationAuthGuard } from './auth/station-auth.guard.js';
import { StationAuthenticator } from './auth/station.authenticator.js';
import { Clock, SystemClock } from '#platform';
import { toHttpException } from './common/ingest.error.js';
import { IngestMetrics } from './common/ingest.metrics.js';
import { StationEventValidationPipe } from './common/station-event-validation.pipe.js';
import { JsonBodyGuard } from './common/json-body.guard.js';
import { IngestConfig } from './ingest.config.js';
import { StationsQuery } from './stations/stations.query.js';
import { RegisterStationUseCase } from './stations/register-station.use-case.js';
import { RevokeStationUseCase } from './stations/revoke-station.use-case.js';
import { StationsController } from './stations/stations.controller.js';
import { ClearanceController } from './clearance/clearance.controller.js';
import { ClearanceQuery } from './clearance/clearance.query.js';
import { RackStateMachine } from '#domain';

/** The ingest service: station terminals post events here, and they leave for Kafka. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        InfrastructureModule.forRoot({ service: 'ingest', config }),
        // Station administration takes ADMIN_TOKEN or an admin token issued through the api.
        AccessModule.forRoot({ adminToken: config.ADMIN_TOKEN }),
      ],
      controllers: [StationEventsController, StationsController, ClearanceController],
      providers: [
        { provide: IngestConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
        // The station reads and the duplicate pre-check run on the pool, one statement at a time.
        {
          provide: StationRepository,
          useFactory: (uow: UnitOfWork) => uow.pool.stations,
          inject: [UnitOfWork],
        },
        {
          provide: StationEventLookupRepository,
          useFactory: (uow: UnitOfWork) => uow.eventLookup,
          inject: [UnitOfWork],
        },
        IngestMetrics,
        StationAuthenticator,
        StationAuthGuard,
        JsonBodyGuard,
        StationEventPublisher,
        DuplicateEventDetector,
        AcceptStationEventsUseCase,
        RegisterStationUseCase,
        StationsQuery,
        RevokeStationUseCase,
        ClearanceQuery,
        // The interlock asks the tracker's machine about an event stamped and received now, so neither clock
        // skew nor age can refuse it; the tracker applies both to the event itself.
        { provide: RackStateMachine, useValue: new RackStateMachine({ maxClockSkewMs: 0 }) },
        {
          provide: APP_PIPE,
          useValue: new StationEventValidationPipe(STRICT_VALIDATION_OPTIONS),
        },
        {
          provide: HTTP_EXCEPTION_FILTER_OPTIONS,
          useFactory: (metrics: IngestMetrics): HttpExceptionFilterOptions => ({
            mapError: toHttpException,
            onErrorResponse: (body) => metrics.countErrorResponse(body),
          }),
          inject: [IngestMetrics],
        },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
