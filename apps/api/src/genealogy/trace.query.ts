import { Injectable } from '@nestjs/common';
import { UnitOfWork, type TraceFilter } from '#persistence';
import { ApiError } from '../api.error.js';
import { pageRequest, toPage } from '../common/pagination/keyset-page.js';
import { csvLines } from '../common/csv.js';
import { MAX_TRACE_LIMIT, type TraceQueryDto } from './genealogy.dto.js';
import {
  TRACE_CSV_COLUMNS,
  toTraceCsvRows,
  toTraceRackView,
  toTraceSummaryView,
  type TracePageView,
} from './genealogy.view.js';

/** Which racks hold or held matching parts: the answer a bad lot needs within minutes. */
@Injectable()
export class TraceQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async trace(query: TraceQueryDto): Promise<TracePageView> {
    const filter = traceFilterOf(query);
    const { position, fetch } = pageRequest('trace', query.cursor, query.limit);
    const [rows, summary] = await Promise.all([
      this.uow.pool.genealogy.trace(filter, { afterRack: position, limit: fetch }),
      query.summary === 'true' ? this.uow.pool.genealogy.traceSummary(filter) : Promise.resolve(null),
    ]);
    const page = toPage('trace', rows, query.limit, (rack) => rack.rackSerial, toTraceRackView);
    return { ...page, summary: summary === null ? null : toTraceSummaryView(summary) };
  }

  /**
   * Every matching part as CSV, one row each with its rack, from the cursor's rack on (`limit` does not apply).
   * The filter is checked now, so a bad one is a 400 before any line is sent; the rows are then read
   * `MAX_TRACE_LIMIT` racks at a time, never all at once.
   */
  csv(query: TraceQueryDto): AsyncGenerator<string> {
    const filter = traceFilterOf(query);
    const start = query.cursor === undefined ? null : pageRequest('trace', query.cursor, 0).position;
    return this.csvRows(filter, start);
  }

  private async *csvRows(filter: TraceFilter, start: string | null): AsyncGenerator<string> {
    yield csvLines([TRACE_CSV_COLUMNS]);
    let afterRack = start;
    for (;;) {
      const racks = await this.uow.pool.genealogy.trace(filter, { afterRack, limit: MAX_TRACE_LIMIT });
      if (racks.length === 0) return;
      yield csvLines(racks.flatMap((rack) => toTraceCsvRows(toTraceRackView(rack))));
      if (racks.length < MAX_TRACE_LIMIT) return;
      afterRack = racks.at(-1)!.rackSerial;
    }
  }
}

function traceFilterOf(query: TraceQueryDto): TraceFilter {
  const filter: TraceFilter = {};
  if (query.partNumber !== undefined) filter.partNumber = query.partNumber;
  if (query.lot !== undefined) filter.lot = query.lot;
  if (query.supplierId !== undefined) filter.supplierId = query.supplierId;
  if (Object.keys(filter).length === 0) {
    // Without a filter every rack matches; that is the rack list, not a trace.
    throw new ApiError('invalid_query', 'Validation failed', [
      { path: 'query', reason: 'give at least one of partNumber, lot, supplierId' },
    ]);
  }
  if (query.site !== undefined) filter.siteId = query.site;
  return filter;
}
