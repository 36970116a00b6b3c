import { Injectable } from '@nestjs/common';
import { handoverShift, ShiftCalendar, weekShifts } from '#domain';
import { SiteThroughputReader, UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import type { HandoverQueryDto } from './site-status.dto.js';
import type { HandoverView } from './handover.view.js';

/** A shift's hand-over: what changed at the site between the shift's start and its end (or now). */
@Injectable()
export class HandoverQuery {
  private readonly reader = new SiteThroughputReader();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(siteId: string, query: HandoverQueryDto): Promise<HandoverView> {
    const now = this.clock.now();
    return this.uow.read(async (repositories) => {
      if (
        (await repositories.siteTargets.find(siteId)) === null &&
        !(await repositories.lineStatus.hasRacks(siteId))
      ) {
        throw new ApiError('site_not_found', `No site ${siteId}: it has no target configured and no racks`);
      }
      // The site's own calendar, as the alerts and the progress panel read it.
      const calendar = ShiftCalendar.of((await this.reader.settings(repositories, siteId)).calendarInput);
      const week = calendar.weekContaining(now);
      // The week before too: on a Monday morning the previous shift was last week's.
      const lastWeek = calendar.weekContaining(new Date(week.start.getTime() - 1));
      const shift = handoverShift(
        [...weekShifts(calendar, lastWeek), ...weekShifts(calendar, week)],
        now,
        query.shift,
      );
      if (shift === null) {
        throw new ApiError(
          'shift_not_found',
          `Site ${siteId} has no ${query.shift} shift in the last two weeks`,
        );
      }
      const counts = await repositories.sites.handoverCounts(siteId, shift.start, shift.end);
      const alerts = await repositories.alerts.findFiringWithin(siteId, shift.start, shift.end);
      const iso = (date: Date | null) => date?.toISOString() ?? null;
      return {
        siteId,
        shift: { label: shift.label, start: shift.start.toISOString(), end: shift.end.toISOString() },
        ...counts,
        alerts: alerts.map((alert) => ({
          id: alert.id,
          title: alert.title,
          severity: alert.severity,
          firedAt: (alert.firedAt ?? alert.pendingSince).toISOString(),
          resolvedAt: iso(alert.resolvedAt),
          acknowledgedBy: alert.acknowledgedBy,
          acknowledgedAt: iso(alert.acknowledgedAt),
        })),
      };
    });
  }
}
