// Baseline "the naive peer": how a NestJS service is usually first written. An @EventPattern handler on Nest's
// built-in Kafka transport (one message at a time, kafkajs eachMessage underneath) that saves each event with
// TypeORM in its own transaction. It does less than the tracker (no state machine, no history, no outbox).
import 'reflect-metadata';
import { Controller, Inject, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { createDataSource, StationEventEntity } from '#persistence';

const topic = process.env.BENCH_TOPIC ?? 'station-events';

interface StationEventPayload {
  event: {
    eventId: string;
    rackSerial: string;
    stationId: string;
    stage: string;
    type: string;
    occurredAt: string;
    operatorId?: string;
  };
  receivedAt: string;
}

@Controller()
class NaiveStationEventsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @EventPattern<Record<string, StationEventPayload>>(topic)
  async handle(@Payload() message: StationEventPayload): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.save(StationEventEntity, {
        eventId: message.event.eventId,
        rackSerial: message.event.rackSerial,
        stationId: message.event.stationId,
        stage: message.event.stage,
        type: message.event.type,
        occurredAt: new Date(message.event.occurredAt),
        receivedAt: new Date(message.receivedAt),
        operatorId: message.event.operatorId ?? null,
        payload: message.event,
        contentHash: '',
        outcome: 'accepted',
        kafkaPartition: 0,
        kafkaOffset: '0',
      });
    });
  }
}

@Module({
  controllers: [NaiveStationEventsController],
  providers: [
    {
      provide: DataSource,
      useFactory: async () =>
        createDataSource({
          databaseUrl: process.env.DATABASE_URL ?? '',
          applicationName: 'bench-naive',
          poolSize: 10,
        }).initialize(),
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
