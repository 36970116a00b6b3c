import { Injectable } from '@nestjs/common';
import {
  validateShiftCalendar,
  WEEKDAYS,
  type ShiftCalendarInput,
  type ShiftWindow,
  type Weekday,
} from '#domain';
import type { Principal } from '#platform';
import { AlertsError } from '../alerts.error.js';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { EvaluationScheduler } from '../evaluate-alerts/evaluation.scheduler.js';
import type { PutSiteTargetDto } from './put-site-target.dto.js';
import { SiteTargetQuery } from './site-target.query.js';
import type { SiteTargetView } from './site-target.view.js';

const ALL_DAY: ShiftWindow[] = [{ start: '00:00', end: '24:00' }];

function shiftsOf(dto: PutSiteTargetDto): Partial<Record<Weekday, ShiftWindow[]>> {
  if (dto.shifts === undefined) return Object.fromEntries(WEEKDAYS.map((day) => [day, ALL_DAY]));
  const shifts: Partial<Record<Weekday, ShiftWindow[]>> = {};
  for (const day of WEEKDAYS) {
    const windows = dto.shifts[day];
    if (windows !== undefined && windows.length > 0)
      shifts[day] = windows.map((window) => ({ start: window.start, end: window.end }));
  }
  return shifts;
}

/**
 * Replaces a site's weekly target and shift calendar; a new weekly target is recorded as a revision from now,
 * so the hours already worked this week keep the target they were worked under.
 */
@Injectable()
export class PutSiteTargetUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly scheduler: EvaluationScheduler,
    private readonly query: SiteTargetQuery,
  ) {}

  async execute(siteId: string, dto: PutSiteTargetDto, actor: Principal): Promise<SiteTargetView> {
    const calendar: ShiftCalendarInput = {
      timeZone: dto.timeZone,
      weekStartsOn: dto.weekStartsOn,
      shifts: shiftsOf(dto),
      holidays: [...dto.holidays].sort(),
    };
    const problems = validateShiftCalendar(calendar);
    if (problems.length > 0) throw new AlertsError('invalid_site_target', 'Validation failed', problems);
    const now = this.clock.now();
    await this.uow.write(async (repositories) => {
      await repositories.siteTargets.lockForWrite();
      await repositories.audit.lockSubject('target', siteId);
      const existing = await repositories.siteTargets.find(siteId);
      const stored = await repositories.siteTargets.upsert(
        {
          siteId,
          weeklyTarget: dto.weeklyTarget,
          timeZone: calendar.timeZone,
          weekStartsOn: calendar.weekStartsOn,
          shifts: calendar.shifts as Record<string, ShiftWindow[]>,
          holidays: [...calendar.holidays],
        },
        now,
      );
      if (existing?.weeklyTarget !== dto.weeklyTarget)
        await repositories.siteTargets.insertRevision(siteId, dto.weeklyTarget, now);
      await repositories.audit.append(
        alertsAuditEntry(actor, {
          action: 'target.put',
          subjectType: 'target',
          subjectId: siteId,
          before: existing,
          after: stored,
        }),
      );
    });
    this.scheduler.request(`target:${siteId}`);
    return this.query.get(siteId);
  }
}
