import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  type SchemaObject,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { HEALTH_CHECKS, HEALTH_TIMEOUT_MS, type HealthCheck } from './health-check.js';
import { Public } from './access/access.decorators.js';
import { ReadinessConditions } from './readiness-conditions.js';

interface CheckResult {
  status: 'up' | 'down' | 'degraded';
  error?: string;
  ms: number;
}

// Probes and scrapers carry no token; neither endpoint reveals anything about racks.
const HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status', 'ms'],
        properties: {
          status: { type: 'string', enum: ['up', 'down', 'degraded'] },
          error: { type: 'string' },
          ms: { type: 'integer' },
        },
      },
    },
  },
};

@Public()
@ApiTags('operations')
// No token: an empty security requirement says so in the OpenAPI document.
@ApiSecurity({})
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    @Inject(HEALTH_TIMEOUT_MS) private readonly timeoutMs: number,
    private readonly conditions: ReadinessConditions,
  ) {}

  /** Liveness: the process answers. Orchestrators restart on this, so it must not depend on Kafka or Postgres. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (never depends on Kafka or PostgreSQL)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: every dependency answered now, for real, and the service itself is not stuck. 503 names the
   * dependency that did not answer (`unavailable`) or what is stuck (`degraded`).
   */
  @Get()
  @ApiOperation({ summary: 'Readiness: every dependency answered now, and the service is not stuck' })
  @ApiOkResponse({ description: 'Ready', schema: HEALTH_SCHEMA })
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description: 'A dependency did not answer (`unavailable`) or the service is stuck (`degraded`)',
    schema: HEALTH_SCHEMA,
    example: { status: 'unavailable', checks: { postgres: { status: 'down', error: 'timeout', ms: 2000 } } },
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const results = await Promise.all(
      this.checks.map(async (dependency): Promise<[string, CheckResult]> => {
        const started = performance.now();
        try {
          await dependency.check(this.timeoutMs);
          return [dependency.name, { status: 'up', ms: Math.round(performance.now() - started) }];
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [
            dependency.name,
            { status: 'down', error: message, ms: Math.round(performance.now() - started) },
          ];
        }
      }),
    );
    const own = this.conditions
      .evaluate()
      .map(({ name, degradation }): [string, CheckResult] =>
        degradation === null
          ? [name, { status: 'up', ms: 0 }]
          : [name, { status: 'degraded', error: degradation, ms: 0 }],
      );
    const all = [...results, ...own];
    const status = all.some(([, result]) => result.status === 'down')
      ? 'unavailable'
      : all.some(([, result]) => result.status === 'degraded')
        ? 'degraded'
        : 'ok';
    // Degraded is not ready either: a probe that reads only the status code must see a stuck service.
    response.status(status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, checks: Object.fromEntries(all) };
  }
}
