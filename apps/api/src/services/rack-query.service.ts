import { Injectable } from '@nestjs/common';
import { RackReadRepository, type RackListFilter } from '#persistence';
import { ApiError } from '../api.error.js';
import type { ListRacksQueryDto } from '../dtos/list-racks.query.dto.js';
import { pageRequest, toPage, type Page } from '../pagination/keyset-page.js';
import {
  toRackHistoryView,
  toRackStateView,
  toRackSummaryView,
  type RackDetailView,
  type RackSummaryView,
} from '../views/rack.view.js';
import { toRackRejectionView } from '../views/rejection.view.js';
import { ReadSnapshot } from './read-snapshot.service.js';

/** A rack page shows its latest refusals; the full list pages through /v1/rejections?rackSerial=. */
export const RACK_DETAIL_REJECTIONS = 100;

@Injectable()
export class RackQueryService {
  constructor(
    private readonly snapshot: ReadSnapshot,
    private readonly racks: RackReadRepository,
  ) {}

  async getRack(serial: string): Promise<RackDetailView> {
    const { rack, history, rejections } = await this.snapshot.run(async (repositories) => ({
      rack: await repositories.racks.findBySerial(serial),
      history: await repositories.racks.findHistory(serial),
      rejections: await repositories.rejections.findRecentByRack(serial, RACK_DETAIL_REJECTIONS),
    }));
    // A rack whose first event was refused has no state yet, but the refusal is exactly what a manager looks for.
    if (rack === null && rejections.length === 0) {
      throw new ApiError('rack_not_found', `No rack ${serial} and no rejected events for it`);
    }
    return {
      serial,
      state: rack === null ? null : toRackStateView(rack),
      history: history.map(toRackHistoryView),
      rejections: rejections.map(toRackRejectionView),
    };
  }

  async listRacks(query: ListRacksQueryDto): Promise<Page<RackSummaryView>> {
    const filter: RackListFilter = {
      stage: query.stage,
      status: query.status,
      siteId: query.site,
      lineId: query.line,
      model: query.model,
      serialPrefix: query.serialPrefix,
    };
    const { position, fetch } = pageRequest('racks', query.cursor, query.limit);
    const rows = await this.racks.list(filter, { afterSerial: position, limit: fetch });
    return toPage('racks', rows, query.limit, (rack) => rack.serial, toRackSummaryView);
  }
}
