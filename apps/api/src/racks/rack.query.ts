import { Injectable } from '@nestjs/common';
import { burnInRuns, DEFAULT_SHIFT_CALENDAR, timeInStates } from '#domain';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import { readPage, type Page } from '../common/pagination/keyset-page.js';
import { readRackComponents, toRackComponentsView } from '../genealogy/genealogy.query.js';
import { toRackRejectionView } from '../rejections/rejection.view.js';
import type { ListRacksDto } from './list-racks.dto.js';
import {
  RACK_DETAIL_MEASUREMENTS,
  toBurnInRunView,
  toFailureDispositionView,
  toPassportLinkView,
  toRackFailureView,
  toRackMeasurementView,
  toTimeInStateView,
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
    // already show an event the history does not. One query per section, however long the rack's life.
    const read = await this.uow.read(async (repositories) => {
      const rack = await repositories.rackReads.findBySerial(serial);
      return {
        rack,
        history: await repositories.rackReads.findHistory(serial),
        rejections: await repositories.rejectionReads.findRecentByRack(serial, RACK_DETAIL_REJECTIONS),
        dispositions: await repositories.failureDispositions.findByRack(serial, RACK_DETAIL_DISPOSITIONS),
        components: await readRackComponents(repositories, serial),
        failures: await repositories.rackReads.findFailures(serial),
        measurements: await repositories.rackReads.findMeasurements(serial, RACK_DETAIL_MEASUREMENTS),
        facts: await repositories.rackReads.findPageFacts(serial, rack?.siteId ?? null),
      };
    });
    const { rack, history, rejections, dispositions } = read;
    // A rack whose first event was refused has no state yet, but the refusal is exactly what a manager looks for.
    if (rack === null && rejections.length === 0) {
      throw new ApiError('rack_not_found', `No rack ${serial} and no rejected events for it`);
    }
    const now = this.clock.now();
    return {
      serial,
      state: rack === null ? null : toRackStateView(rack, now),
      history: history.map(toRackHistoryView),
      rejections: rejections.map(toRackRejectionView),
      dispositions: dispositions.map(toFailureDispositionView),
      timeZone: read.facts.timeZone ?? DEFAULT_SHIFT_CALENDAR.timeZone,
      timeInStates: timeInStates(history, now).map(toTimeInStateView),
      components: toRackComponentsView(serial, null, read.components),
      failures: read.failures.map(toRackFailureView),
      measurements: read.measurements.map(toRackMeasurementView),
      burnInRuns: burnInRuns(history, rack?.dwell ?? {}, now).map(toBurnInRunView),
      passport: toPassportLinkView(serial, read.facts.hasPassport),
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
      serialContains: query.q,
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
