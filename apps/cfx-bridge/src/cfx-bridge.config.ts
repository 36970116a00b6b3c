import { IsString, Matches } from 'class-validator';
import { IntRange, ServiceConfig } from '#config';

/** The CFX bridge's settings; each is validated at start, and a bad one stops it naming the variable. */
export class CfxBridgeConfig extends ServiceConfig {
  override PORT = 3004;

  /** The AMQP 1.0 broker the line's CFX equipment publishes to (RabbitMQ with rabbitmq_amqp1_0 locally). */
  @Matches(/^amqps?:\/\/[^\s/]+(:\d{1,5})?\/?$/, {
    message: 'must be an amqp:// or amqps:// URL (amqp://user:password@host:port)',
  })
  CFX_AMQP_URL: string = 'amqp://guest:guest@127.0.0.1:5672';

  /** The AMQP address the bridge consumes CFX messages from (on RabbitMQ: /queue/<name> or /exchange/<x>/<key>). */
  @IsString()
  @Matches(/^\S{1,200}$/, { message: 'must be an AMQP address of 1-200 characters without spaces' })
  CFX_AMQP_ADDRESS: string = '/queue/cfx';

  /** Messages the broker may send ahead of the one being handled (prefetch). */
  @IntRange(1, 1000)
  CFX_AMQP_CREDIT: number = 50;

  /** The bridge's own CFX handle: the Source of every ValidateUnitsResponse it sends. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, {
    message: 'must be a CFX handle: 1-100 letters, digits and . _ : - (e.g. CFX.RACKTRACKER.BRIDGE)',
  })
  CFX_BRIDGE_HANDLE: string = 'CFX.RACKTRACKER.BRIDGE';

  /** How long a Source's station is trusted without asking PostgreSQL again (a revocation bites within it). */
  @IntRange(0, 300000)
  CFX_STATION_CACHE_TTL_MS: number = 5000;

  /** How long a Kafka send may take before the bridge waits and tries the message again. */
  @IntRange(100, 60000)
  KAFKA_SEND_TIMEOUT_MS: number = 5000;
}
