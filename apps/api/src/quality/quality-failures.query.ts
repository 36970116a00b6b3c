import { Injectable } from '@nestjs/common';
import { firstPassYield, pareto, retestDistribution } from '#domain';
import { UnitOfWork, type FailureGroupRecord } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import type { QualityFailuresQueryDto } from './quality.dto.js';
import type { QualityFailuresView } from './quality.view.js';

const DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;
// A year and a bit: enough for a year-over-year look, bounded so one request cannot scan the whole history.
const MAX_WINDOW_MS = 400 * 24 * 3600_000;

/** Failure Pareto, first-pass yield and retests over a time window. */
@Injectable()
export class QualityFailuresQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(query: QualityFailuresQueryDto): Promise<QualityFailuresView> {
    const to = query.to === undefined ? this.clock.now() : new Date(query.to);
    const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_WINDOW_MS) : new Date(query.from);
    if (from.getTime() >= to.getTime() || to.getTime() - from.getTime() > MAX_WINDOW_MS) {
      throw new ApiError('invalid_query', 'Validation failed', [
        { path: 'from', reason: 'from must be before to, and the window at most 400 days' },
      ]);
    }
    const window = { from, to, siteId: query.site };
    const groups: Promise<FailureGroupRecord[]> =
      query.groupBy === 'measurement'
        ? this.uow.pool.quality.measurementFailureGroups(window)
        : this.uow.pool.quality.componentFailureGroups(query.groupBy, window);
    const [failureGroups, outcomes] = await Promise.all([
      groups,
      this.uow.pool.quality.firstOutcomes(window),
    ]);
    const chart = pareto(failureGroups, query.limit);
    return {
      site: query.site ?? null,
      groupBy: query.groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      totalFailures: chart.totalFailures,
      pareto: chart.entries,
      otherFailures: chart.otherFailures,
      otherGroups: chart.otherGroups,
      firstPassYield: firstPassYield(outcomes),
      retests: retestDistribution(outcomes),
    };
  }
}
