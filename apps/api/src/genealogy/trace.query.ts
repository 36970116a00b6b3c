import { Injectable } from '@nestjs/common';
import { UnitOfWork, type TraceFilter } from '#persistence';
import { ApiError } from '../api.error.js';
import { pageRequest, toPage } from '../common/pagination/keyset-page.js';
import type { TraceQueryDto } from './genealogy.dto.js';
import { toTraceRackView, toTraceSummaryView, type TracePageView } from './genealogy.view.js';

/** Which racks hold or held matching parts: the answer a bad lot needs within minutes. */
@Injectable()
export class TraceQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async trace(query: TraceQueryDto): Promise<TracePageView> {
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
    const { position, fetch } = pageRequest('trace', query.cursor, query.limit);
    const [rows, summary] = await Promise.all([
      this.uow.pool.genealogy.trace(filter, { afterRack: position, limit: fetch }),
      query.summary === 'true' ? this.uow.pool.genealogy.traceSummary(filter) : Promise.resolve(null),
    ]);
    const page = toPage('trace', rows, query.limit, (rack) => rack.rackSerial, toTraceRackView);
    return { ...page, summary: summary === null ? null : toTraceSummaryView(summary) };
  }
}
