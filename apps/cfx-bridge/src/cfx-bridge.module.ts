import { Module, type DynamicModule } from '@nestjs/common';
import { RackStateMachine } from '#domain';
import { Clock, InfrastructureModule, SystemClock } from '#platform';
import { CfxBridgeConfig } from './cfx-bridge.config.js';
import { CfxBridgeMetrics } from './common/cfx-bridge.metrics.js';
import { CfxStationDirectory } from './common/cfx-station.directory.js';
import { CfxStationEventPublisher } from './common/station-event.publisher.js';
import { CfxMessagesConsumer } from './consume-cfx-messages/cfx-messages.consumer.js';
import { ConsumeCfxMessageUseCase } from './consume-cfx-messages/consume-cfx-message.use-case.js';

/** The IPC-CFX bridge: CFX equipment over AMQP 1.0 in, station events out through the same contract. */
@Module({})
export class CfxBridgeModule {
  static forRoot(config: CfxBridgeConfig): DynamicModule {
    return {
      module: CfxBridgeModule,
      imports: [InfrastructureModule.forRoot({ service: 'cfx-bridge', config })],
      providers: [
        { provide: CfxBridgeConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
        // The interlock's question is an event stamped and received now: neither skew nor age can refuse it.
        { provide: RackStateMachine, useValue: new RackStateMachine({ maxClockSkewMs: 0 }) },
        CfxBridgeMetrics,
        CfxStationDirectory,
        CfxStationEventPublisher,
        ConsumeCfxMessageUseCase,
        CfxMessagesConsumer,
      ],
    };
  }
}
