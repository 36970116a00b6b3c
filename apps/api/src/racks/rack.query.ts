import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import { readPage, type Page } from '../common/pagination/keyset-page.js';
import { toRackRejectionView } from '../rejections/rejection.view.js';
import type { ListRacksDto } from './list-racks.dto.js';
import {
  toFailureDispositionView,
  toRackHistoryView,
  toRackStateView,
  toRackSummaryView,
  type RackDetailView,
  type RackSummaryView,
} from './rack.view.js';

/** A rack page shows its latest refusals; the full list pages through /v1/rejections?rackSerial=. */
export const RACK_DETAIL_REJECTIONS = 100;
export const RACK_DETAIL_DISPOSITIONS = 100;

/** Racks: one rack with its timeline, or a filtered page of them. */
@Injectable()
export class RackQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(serial: string): Promise<RackDetailView> {
    // One snapshot: the tracker commits a batch at a time, so a state read apart from its history could
    // already show an event the history does not.
    const { rack, history, rejections, dispositions } = await this.uow.read(async (repositories) => ({
      rack: await repositories.rackReads.findBySerial(serial),
      history: await repositories.rackReads.findHistory(serial),
      rejections: await repositories.rejectionReads.findRecentByRack(serial, RACK_DETAIL_REJECTIONS),
      dispositions: await repositories.failureDispositions.findByRack(serial, RACK_DETAIL_DISPOSITIONS),
    }));
    // A rack whose first event was refused has no state yet, but the refusal is exactly what a manager looks for.
    if (rack === null && rejections.length === 0) {
      throw new ApiError('rack_not_found', `No rack ${serial} and no rejected events for it`);
    }
    return {
      serial,
      state: rack === null ? null : toRackStateView(rack, this.clock.now()),
      history: history.map(toRackHistoryView),
      rejections: rejections.map(toRackRejectionView),
      dispositions: dispositions.map(toFailureDispositionView),
    };
  }

  list(query: ListRacksDto): Promise<Page<RackSummaryView>> {
    const filter = {
      stage: query.stage,
      status: query.status,
      siteId: query.site,
      lineId: query.line,
      model: query.model,
      serialPrefix: query.serialPrefix,
    };
    const read = (afterSerial: string | null, limit: number) =>
      this.uow.pool.rackReads.list(filter, { afterSerial, limit });
    const at = this.clock.now();
    return readPage(
      'racks',
      query,
      read,
      (rack) => rack.serial,
      (rack) => toRackSummaryView(rack, at),
    );
  }
}
