import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule } from '#platform';
import type { AlertsConfig } from './alerts.config.js';

/**
 * Skeleton: connections, /health and /metrics only, so deployment and monitoring can be wired up before the
 * throughput rules and webhook delivery land.
 */
@Module({})
export class AlertsModule {
  static forRoot(config: AlertsConfig): DynamicModule {
    return {
      module: AlertsModule,
      imports: [InfrastructureModule.forRoot({ service: 'alerts', config })],
    };
  }
}
