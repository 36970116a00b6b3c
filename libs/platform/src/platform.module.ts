import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HEALTH_CHECKS, HEALTH_TIMEOUT_MS } from './health-check.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { StorableParametersGuard } from './storable-parameters.guard.js';
import { ReadinessConditions } from './readiness-conditions.js';

export interface PlatformModuleOptions {
  service: string;
  healthTimeoutMs: number;
  /** Providers of `HealthCheck` objects; readiness asks each of them. */
  healthChecks: Provider[];
  healthCheckTokens: (string | symbol | Function)[];
}

/**
 * What every service exposes the same way: /health, /metrics and its metrics registry; and what every service
 * refuses the same way: path and query parameters PostgreSQL could not take.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        ...options.healthChecks,
        { provide: MetricsRegistry, useValue: new MetricsRegistry(options.service) },
        { provide: ReadinessConditions, useValue: new ReadinessConditions() },
        { provide: HEALTH_TIMEOUT_MS, useValue: options.healthTimeoutMs },
        {
          provide: HEALTH_CHECKS,
          useFactory: (...checks: unknown[]) => checks,
          inject: options.healthCheckTokens,
        },
        { provide: APP_GUARD, useClass: StorableParametersGuard },
      ],
      exports: [MetricsRegistry, ReadinessConditions],
    };
  }
}
