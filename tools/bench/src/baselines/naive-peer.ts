// Baseline "the naive peer": how a NestJS service is usually first written. An @EventPattern handler on Nest's
// built-in Kafka transport (one message at a time, kafkajs eachMessage underneath) that saves each event as one
// INSERT in its own transaction. It does less than the tracker (no state machine, no history, no outbox).
import 'reflect-metadata';
import { Controller, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import pg from 'pg';
import { STATION_EVENT_COLUMNS, stationEventRow, type RawStationEventMessage } from './station-event-row.js';

const topic = process.env.BENCH_TOPIC ?? 'station-events';

const INSERT_ONE = `INSERT INTO station_event (${STATION_EVENT_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (event_id) DO NOTHING`;

@Controller()
class NaiveStationEventsController implements OnApplicationShutdown {
  constructor(@Inject(pg.Pool) private readonly pool: pg.Pool) {}

  @EventPattern<Record<string, RawStationEventMessage>>(topic)
  async handle(@Payload() message: RawStationEventMessage): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The transport hides partition and offset from a handler; the naive peer records placeholders.
      await client.query(INSERT_ONE, stationEventRow(message, 0, '0'));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({
  controllers: [NaiveStationEventsController],
  providers: [
    {
      provide: pg.Pool,
      useFactory: () =>
        new pg.Pool({
          connectionString: process.env.DATABASE_URL ?? '',
          application_name: 'bench-naive',
          max: 10,
        }),
    },
  ],
})
class NaivePeerModule {}

const app = await NestFactory.createMicroservice<MicroserviceOptions>(NaivePeerModule, {
  logger: ['error', 'warn'],
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'bench-naive', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') },
    consumer: { groupId: process.env.BENCH_GROUP ?? 'bench-naive' },
    subscribe: { fromBeginning: true },
  },
});
app.enableShutdownHooks();
await app.listen();
new Logger('NaivePeer').warn(JSON.stringify({ msg: 'naive peer running', topic }));
