import { Injectable } from '@nestjs/common';
import {
  DEFAULT_SHIFT_CALENDAR,
  ISO_WEEK_PATTERN,
  productionWeek,
  productionWeekOf,
  ShiftCalendar,
  shiftCalendarInputOf,
  sourcingShares,
} from '#domain';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import type { SourcingQueryDto } from './quality.dto.js';
import type { SourcingView } from './quality.view.js';

// Every site without a calendar, and every site together, is counted in UTC weeks from Monday.
const DEFAULT_CALENDAR = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);

/** Share of installed parts by supplier country, for the domestic-sourcing goal. */
@Injectable()
export class SourcingQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async week(query: SourcingQueryDto): Promise<SourcingView> {
    const target = query.site === undefined ? null : await this.uow.pool.siteTargets.find(query.site);
    const calendar = target === null ? DEFAULT_CALENDAR : ShiftCalendar.of(shiftCalendarInputOf(target));
    const week =
      query.week === undefined
        ? productionWeekOf(calendar, this.clock.now())
        : productionWeek(calendar, query.week);
    if (week === null) {
      const reason = ISO_WEEK_PATTERN.test(query.week ?? '')
        ? `${query.week} is not a week of its year`
        : `${query.week} is not a date`;
      throw new ApiError('invalid_query', 'Validation failed', [{ path: 'week', reason }]);
    }
    const rows = await this.uow.pool.sourcing.countsByRack({
      siteId: query.site,
      from: week.from,
      to: week.to,
    });
    const shares = sourcingShares(rows);
    return {
      site: query.site ?? null,
      calendar: target === null ? 'default' : 'site',
      timeZone: week.timeZone,
      weekStartsOn: week.weekStartsOn,
      week: week.week,
      firstDay: week.firstDay,
      from: week.from.toISOString(),
      to: week.to.toISOString(),
      ...shares,
      racks: query.racks === 'false' ? [] : shares.racks,
    };
  }
}
