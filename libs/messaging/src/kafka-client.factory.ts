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

// What kafkajs logs at error when a consumer crashes and before it restarts it (a group join that raced a
// metadata refresh, a broker restart). BatchConsumer's own 'consumer crashed' line says whether it restarts, and is
// an error only when it does not, so these are warnings: a self-healing blip must not read as a fault.
const CONSUMER_RESTART_MESSAGES = ['Crash: ', 'Restarting the consumer'];

/** The level a kafkajs log entry is written at in the service's log. */
export function kafkaLogLevel(
  entry: Pick<LogEntry, 'namespace' | 'level' | 'log'>,
): 'error' | 'warn' | 'log' | 'debug' {
  const level = LEVEL_NAMES[entry.level] ?? 'log';
  const restarting =
    entry.namespace === 'Consumer' &&
    CONSUMER_RESTART_MESSAGES.some((start) => String(entry.log.message).startsWith(start));
  return level === 'error' && restarting ? 'warn' : level;
}

/** Routes kafkajs' own logging into the service's structured JSON log. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return (entry: LogEntry) => {
    const { message, ...rest } = entry.log;
    logger[kafkaLogLevel(entry)]({ msg: message, namespace: entry.namespace, ...rest });
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
