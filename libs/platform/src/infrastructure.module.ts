import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '#config';
import { createKafkaClient, KafkaHealthProbe } from '#messaging';
import { createDataSource, UnitOfWork } from '#persistence';
import type { HealthCheck } from './health-check.js';
import { PlatformModule } from './platform.module.js';

export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const POSTGRES_HEALTH = Symbol('POSTGRES_HEALTH');
export const KAFKA_HEALTH = Symbol('KAFKA_HEALTH');

class KafkaHealthCheck implements HealthCheck {
  readonly name = 'kafka';
  constructor(readonly probe: KafkaHealthProbe) {}
  check(timeoutMs: number): Promise<void> {
    return this.probe.check(timeoutMs);
  }
}

class PostgresHealthCheck implements HealthCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

@Injectable()
class InfrastructureLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(KAFKA_HEALTH) private readonly kafkaHealth: KafkaHealthCheck,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.kafkaHealth.probe.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

export interface InfrastructureOptions {
  service: string;
  config: ServiceConfig;
  poolSize?: number;
}

/**
 * The connections every service holds — one DataSource, one Kafka client — with readiness checks for both,
 * /health and /metrics, and orderly closing on shutdown.
 */
@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    const { config, service } = options;
    return {
      module: InfrastructureModule,
      global: true,
      imports: [
        PlatformModule.forRoot({
          service,
          healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
          healthChecks: [],
          healthCheckTokens: [POSTGRES_HEALTH, KAFKA_HEALTH],
        }),
      ],
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource({
              databaseUrl: config.DATABASE_URL,
              applicationName: service,
              poolSize: options.poolSize,
              preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            });
            // Start even when Postgres is down: readiness reports it, and the pool reconnects by itself.
            await dataSource.initialize().catch((error: unknown) => {
              throw new Error(
                `${service}: cannot connect to PostgreSQL at ${redact(config.DATABASE_URL)}: ${String(error)}`,
              );
            });
            return dataSource;
          },
        },
        {
          provide: UnitOfWork,
          useFactory: (dataSource: DataSource) => new UnitOfWork(dataSource),
          inject: [DataSource],
        },
        {
          provide: KAFKA_CLIENT,
          useValue: createKafkaClient({ clientId: service, brokers: config.kafkaBrokers }),
        },
        {
          provide: POSTGRES_HEALTH,
          useFactory: (dataSource: DataSource) => new PostgresHealthCheck(dataSource),
          inject: [DataSource],
        },
        {
          provide: KAFKA_HEALTH,
          useFactory: (kafka: Kafka) => new KafkaHealthCheck(new KafkaHealthProbe(kafka)),
          inject: [KAFKA_CLIENT],
        },
        InfrastructureLifecycle,
      ],
      exports: [DataSource, UnitOfWork, KAFKA_CLIENT, POSTGRES_HEALTH, KAFKA_HEALTH],
    };
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
