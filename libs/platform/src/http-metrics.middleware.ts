import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from './metrics.registry.js';
import { CORRELATION_HEADER, withCorrelationId } from './correlation-context.js';

/** Times every request by route and status, and gives it a correlation id (taken from the caller when sent). */
export function httpObservability(metrics: MetricsRegistry) {
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const incoming = request.header(CORRELATION_HEADER);
    const correlationId = incoming && incoming.length <= 128 ? incoming : undefined;
    const stop = duration.startTimer();
    withCorrelationId(correlationId, () => {
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        stop({
          method: request.method,
          route: `${request.baseUrl}${route}`,
          status: String(response.statusCode),
        });
      });
      next();
    });
  };
}
