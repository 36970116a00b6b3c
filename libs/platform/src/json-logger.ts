import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { LOG_LEVELS, type LogLevelName } from '#config';
import { currentCorrelationId } from './correlation-context.js';

type JsonLogOptions = Parameters<ConsoleLogger['getJsonLogObject']>[1];

/** Nest's JSON console logger, plus the service name and the correlation id of the work in hand. */
export class JsonLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    level: LogLevelName = 'log',
  ) {
    super({ json: true, colors: false, logLevels: JsonLogger.levelsFrom(level) });
  }

  static levelsFrom(level: LogLevelName): LogLevel[] {
    return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1) as LogLevel[];
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions) {
    const record = super.getJsonLogObject(message, options);
    const correlationId = currentCorrelationId();
    return { ...record, service: this.service, ...(correlationId ? { correlationId } : {}) };
  }
}
