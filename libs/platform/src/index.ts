export { CORRELATION_HEADER, currentCorrelationId, withCorrelationId } from './correlation-context.js';
export { HEALTH_CHECKS, type HealthCheck } from './health-check.js';
export { InfrastructureModule, KAFKA_CLIENT, type InfrastructureOptions } from './infrastructure.module.js';
export { JsonLogger } from './json-logger.js';
export { MetricsRegistry } from './metrics.registry.js';
export { ReadinessConditions, type ReadinessCondition } from './readiness-conditions.js';
export { PlatformModule } from './platform.module.js';
export { runService, type ServiceDefinition } from './run-service.js';
export {
  flattenValidationErrors,
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  HttpProblemException,
  validationExceptionFactory,
  type HttpErrorBody,
  type HttpErrorDetail,
  type HttpExceptionFilterOptions,
} from './http-exception.filter.js';
export * from './access/index.js';
export { clientAddressKey, rateLimit, rateLimitKey } from './rate-limit/rate-limit.middleware.js';
export { reportCredentialVerdict, type CredentialVerdict } from './rate-limit/credential-verdict.js';
export { TokenBucketLimiter, type TakeResult, type TokenBucketSettings } from './rate-limit/token-bucket.js';
export { createValidationPipe, STRICT_VALIDATION_OPTIONS } from './strict-validation.pipe.js';
export { Clock, SystemClock } from './clock.js';
export { ServiceError, serviceErrorMapper, type ServiceErrorAnswers } from './service-error.js';
export {
  PartitionProgressGauges,
  type PartitionProgressGaugeNames,
  type PartitionProgressRow,
} from './partition-progress.gauges.js';
