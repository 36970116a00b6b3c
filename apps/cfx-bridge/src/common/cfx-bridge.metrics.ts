import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '#platform';

export type CfxOutcome = 'published' | 'duplicate' | 'unmapped' | 'malformed' | 'fault' | 'validated';

@Injectable()
export class CfxBridgeMetrics {
  readonly messages: Counter<'outcome'>;
  readonly events: Counter;
  readonly amqpOpen: Gauge;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    this.messages = metrics.counter({
      name: 'cfx_bridge_messages_total',
      help: 'CFX messages handled, by what became of them',
      labelNames: ['outcome'],
    });
    this.events = metrics.counter({
      name: 'cfx_bridge_station_events_total',
      help: 'Station events the bridge published to Kafka',
    });
    this.amqpOpen = metrics.gauge({
      name: 'cfx_bridge_amqp_connected',
      help: '1 while the AMQP 1.0 connection is open',
    });
  }

  count(outcome: CfxOutcome): void {
    this.messages.inc({ outcome });
  }
}
