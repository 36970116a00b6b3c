import 'reflect-metadata';
import { Logger, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigValidationError, type ServiceConfig } from '#config';
import { jsonBodyShape } from './json-body-shape.middleware.js';
import { httpObservability } from './http-metrics.middleware.js';
import { applyHttpServerTimeouts } from './http-server-timeouts.js';
import { JsonLogger } from './json-logger.js';
import { MetricsRegistry } from './metrics.registry.js';
import { rateLimit } from './rate-limit/rate-limit.middleware.js';

export interface ServiceDefinition<C extends ServiceConfig> {
  service: string;
  loadConfig: () => C;
  module: (config: C) => DynamicModule;
  /** Largest JSON body accepted; larger ones get 413 before any parsing. */
  bodyLimit?: string;
  /** Last touches before listening, e.g. API docs or static files that need the app itself. */
  configure?: (app: NestExpressApplication, config: C) => void | Promise<void>;
}

/**
 * Boots one service: validated config (fail fast), JSON logs, /health, /metrics, rate limits, deliberate HTTP
 * timeouts (see HTTP_SERVER_TIMEOUTS), graceful SIGTERM.
 */
export async function runService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
): Promise<NestExpressApplication> {
  let config: C;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = new JsonLogger(definition.service, config.LOG_LEVEL);
  Logger.overrideLogger(logger);
  const app = await NestFactory.create<NestExpressApplication>(definition.module(config), {
    logger,
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.use(httpObservability(app.get(MetricsRegistry)));
  // Before the body parser, so a throttled client's body is never read.
  app.use(
    rateLimit(
      { burst: config.RATE_LIMIT_BURST, perSecond: config.RATE_LIMIT_PER_SECOND },
      app.get(MetricsRegistry),
      {
        burst: config.RATE_LIMIT_AUTH_FAILURES_BURST,
        perSecond: config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE / 60,
      },
    ),
  );
  app.useBodyParser('json', { limit: definition.bodyLimit ?? '256kb' });
  app.use(jsonBodyShape());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await definition.configure?.(app, config);
  applyHttpServerTimeouts(app.getHttpServer());
  await app.listen(config.PORT, config.HOST);
  logger.log({ msg: 'listening', url: await app.getUrl(), pid: process.pid }, 'Bootstrap');
  return app;
}
