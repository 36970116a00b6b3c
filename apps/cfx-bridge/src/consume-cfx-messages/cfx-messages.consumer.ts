import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MAX_CFX_MESSAGE_BYTES } from '#contracts';
import { AmqpConsumer } from '#messaging';
import { ReadinessConditions } from '#platform';
import { CfxBridgeConfig } from '../cfx-bridge.config.js';
import { CfxBridgeMetrics } from '../common/cfx-bridge.metrics.js';
import { ConsumeCfxMessageUseCase } from './consume-cfx-message.use-case.js';

/** The AMQP entry of the flow: every message on CFX_AMQP_ADDRESS goes to the use case, in order. */
@Injectable()
export class CfxMessagesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CfxMessagesConsumer.name);
  private readonly consumer: AmqpConsumer;
  private gaugeTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ConsumeCfxMessageUseCase) private readonly useCase: ConsumeCfxMessageUseCase,
    @Inject(CfxBridgeMetrics) private readonly metrics: CfxBridgeMetrics,
    @Inject(CfxBridgeConfig) config: CfxBridgeConfig,
    @Inject(ReadinessConditions) conditions: ReadinessConditions,
  ) {
    // Connected to Kafka and PostgreSQL but not to the broker, the bridge takes no CFX message: not ready.
    conditions.register({
      name: 'amqp',
      degradation: () =>
        this.consumer.isOpen() ? null : `the AMQP 1.0 connection for ${config.CFX_AMQP_ADDRESS} is not open`,
    });
    this.consumer = new AmqpConsumer(
      {
        url: config.CFX_AMQP_URL,
        address: config.CFX_AMQP_ADDRESS,
        credit: config.CFX_AMQP_CREDIT,
        containerId: `rack-tracker-cfx-bridge-${process.pid}`,
        maxBodyBytes: MAX_CFX_MESSAGE_BYTES,
      },
      (message) => this.useCase.execute(message, this.consumer),
      (level, entry) => (level === 'warn' ? this.logger.warn(entry) : this.logger.log(entry)),
    );
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
    this.gaugeTimer = setInterval(() => this.metrics.amqpOpen.set(this.consumer.isOpen() ? 1 : 0), 1000);
    this.gaugeTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.gaugeTimer);
    this.useCase.stop();
    await this.consumer.stop();
  }
}
