import { IsIn, IsNotEmpty, IsString, Matches } from 'class-validator';
import { IntRange } from './int-range.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Variables every service reads. Each app extends this with its own and sets its default port. */
export class ServiceConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/rack_tracker';

  /**
   * Distinct parameterised statements each database connection keeps prepared, so PostgreSQL parses them once
   * instead of at every run (it still plans each run). 0 turns it off: needed behind a pooler in transaction mode
   * that cannot hold prepared statements (PgBouncer before 1.21).
   */
  @IntRange(0, 1000)
  DATABASE_PREPARED_STATEMENTS: number = 100;

  @Matches(/^[\w.-]+:\d{1,5}(,[\w.-]+:\d{1,5})*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  /** Prepended to every topic name, so test suites (or two plants on one cluster) never share topics. */
  @Matches(/^([a-z0-9][a-z0-9._-]{0,40}\.)?$/, {
    message: 'must be empty or a lower-case prefix ending in "."',
  })
  KAFKA_TOPIC_PREFIX: string = '';

  @IsString()
  @IsNotEmpty()
  HOST: string = '127.0.0.1';

  @IntRange(0, 65535)
  PORT: number = 0;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  /** How long readiness waits for Kafka or Postgres before calling it down. */
  @IntRange(100, 60000)
  HEALTH_TIMEOUT_MS: number = 2000;

  /** Token bucket per bearer token (or client address without one): requests allowed at once… */
  @IntRange(1, 1000000)
  RATE_LIMIT_BURST: number = 200;

  /** …and earned back per second. 0 turns rate limiting off (e.g. for a benchmark). /health and /metrics are exempt. */
  @IntRange(0, 1000000)
  RATE_LIMIT_PER_SECOND: number = 50;

  /**
   * Credentials that fail to authenticate, per client address (IPv6: per /64): how many at once… A junk token
   * gets a fresh bucket of its own above, so rotating them is limited here, before any of them is looked up.
   */
  @IntRange(1, 1000000)
  RATE_LIMIT_AUTH_FAILURES_BURST: number = 20;

  /** …and forgiven per minute. 0 turns this limit off (RATE_LIMIT_PER_SECOND=0 turns off both). */
  @IntRange(0, 1000000)
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: number = 10;

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  topic(name: string): string {
    return `${this.KAFKA_TOPIC_PREFIX}${name}`;
  }
}

/** Admin-gated services need a token long enough that guessing it is not a plan. */
export class AdminTokenConfig extends ServiceConfig {
  @IsString()
  @Matches(/^\S{24,}$/, {
    message: 'must be at least 24 characters without spaces (e.g. openssl rand -hex 24)',
  })
  ADMIN_TOKEN: string = '';
}
