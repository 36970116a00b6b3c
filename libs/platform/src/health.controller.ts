import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HEALTH_CHECKS, HEALTH_TIMEOUT_MS, type HealthCheck } from './health-check.js';
import { Public } from './access/access.decorators.js';

interface CheckResult {
  status: 'up' | 'down';
  error?: string;
  ms: number;
}

// Probes and scrapers carry no token; neither endpoint reveals anything about racks.
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    @Inject(HEALTH_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  /** Liveness: the process answers. Orchestrators restart on this, so it must not depend on Kafka or Postgres. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answered now, for real. 503 names the one that did not. */
  @Get()
  async ready(@Res({ passthrough: true }) response: Response) {
    const results = await Promise.all(
      this.checks.map(async (dependency): Promise<[string, CheckResult]> => {
        const started = performance.now();
        try {
          await dependency.check(this.timeoutMs);
          return [dependency.name, { status: 'up', ms: Math.round(performance.now() - started) }];
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [dependency.name, { status: 'down', error: message, ms: Math.round(performance.now() - started) }];
        }
      }),
    );
    const healthy = results.every(([, result]) => result.status === 'up');
    response.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'unavailable', checks: Object.fromEntries(results) };
  }
}
