import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientSettings {
  clientId: string;
  brokers: readonly string[];
  /** Bounded so that an unreachable broker surfaces as an error (and a 503) rather than a hang. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const LEVEL_NAMES: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logging into the service's structured JSON log. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return (entry: LogEntry) => {
    const { message, ...rest } = entry.log;
    const level = LEVEL_NAMES[entry.level] ?? 'log';
    logger[level]({ msg: message, namespace: entry.namespace, ...rest });
  };
}

/** The only place that constructs a Kafka client: swapping the client library touches this folder alone. */
export function createKafkaClient(settings: KafkaClientSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    requestTimeout: settings.requestTimeoutMs ?? 30000,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 8 },
  });
}
