import { Injectable } from '@nestjs/common';
import { failuresPerThousand, firstPassYield, pareto, retestDistribution } from '#domain';
import { UnitOfWork, type FailureGroupRecord } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import { csvLines } from '../common/csv.js';
import type { FailureGrouping, QualityFailuresQueryDto, SupplierQualityQueryDto } from './quality.dto.js';
import {
  PARETO_CSV_COLUMNS,
  toParetoCsvRow,
  type QualityFailuresView,
  type SupplierQualityList,
} from './quality.view.js';

const DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;
const DEFAULT_SUPPLIER_WINDOW_MS = 30 * 24 * 3600_000;
// A year and a bit: enough for a year-over-year look, bounded so one request cannot scan the whole history.
const MAX_WINDOW_MS = 400 * 24 * 3600_000;

/** [from, to) from a query, `defaultMs` long and ending now when left out; at most 400 days. */
function windowOf(now: Date, query: { from?: string; to?: string }, defaultMs: number) {
  const to = query.to === undefined ? now : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - defaultMs) : new Date(query.from);
  if (from.getTime() >= to.getTime() || to.getTime() - from.getTime() > MAX_WINDOW_MS) {
    throw new ApiError('invalid_query', 'Validation failed', [
      { path: 'from', reason: 'from must be before to, and the window at most 400 days' },
    ]);
  }
  return { from, to };
}

/** Failure Pareto, first-pass yield and retests over a time window. */
@Injectable()
export class QualityFailuresQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(query: QualityFailuresQueryDto): Promise<QualityFailuresView> {
    const { from, to } = windowOf(this.clock.now(), query, DEFAULT_WINDOW_MS);
    const window = { from, to, siteId: query.site };
    const [failureGroups, outcomes] = await Promise.all([
      this.failureGroups(query.groupBy, window),
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

  /**
   * The Pareto as CSV: every group, largest first (`limit` does not apply, so nothing hides in "other"). The
   * window is checked now, so a bad one is a 400 before any line is sent.
   */
  csv(query: QualityFailuresQueryDto): { filename: string; lines: AsyncGenerator<string> } {
    const { from, to } = windowOf(this.clock.now(), query, DEFAULT_WINDOW_MS);
    const read = () => this.failureGroups(query.groupBy, { from, to, siteId: query.site });
    async function* lines(): AsyncGenerator<string> {
      const chart = pareto(await read(), Number.MAX_SAFE_INTEGER);
      yield csvLines([PARETO_CSV_COLUMNS]);
      yield csvLines(chart.entries.map((entry, index) => toParetoCsvRow(entry, index + 1)));
    }
    const day = (date: Date) => date.toISOString().slice(0, 10);
    return { filename: `failures-by-${query.groupBy}-${day(from)}-${day(to)}.csv`, lines: lines() };
  }

  private failureGroups(
    groupBy: FailureGrouping,
    window: { from: Date; to: Date; siteId?: string },
  ): Promise<FailureGroupRecord[]> {
    const quality = this.uow.pool.quality;
    return groupBy === 'measurement'
      ? quality.measurementFailureGroups(window)
      : groupBy === 'code'
        ? quality.codeFailureGroups(window)
        : quality.componentFailureGroups(groupBy, window);
  }
}

/** Per supplier: installed, failures per 1,000, returns confirmed vs no fault found, top codes. */
@Injectable()
export class SupplierQualityQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(query: SupplierQualityQueryDto): Promise<SupplierQualityList> {
    const { from, to } = windowOf(this.clock.now(), query, DEFAULT_SUPPLIER_WINDOW_MS);
    const records = await this.uow.pool.quality.supplierQuality({ from, to, siteId: query.site });
    return {
      site: query.site ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      items: records.map((record) => ({
        ...record,
        failuresPerThousand: failuresPerThousand(record.failed, record.installed),
      })),
    };
  }
}
