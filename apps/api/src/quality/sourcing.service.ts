import { Inject, Injectable } from '@nestjs/common';
import { SourcingReadRepository } from '#persistence';
import { ApiError } from '../api.error.js';
import { isoWeekOf, isoWeekWindow } from './iso-week.js';
import { QUALITY_CLOCK, type QualityClock } from './quality-clock.js';
import type { SourcingQueryDto } from './quality.dto.js';
import type { SourcingView } from './quality.view.js';
import { sourcingShares } from './sourcing-share.js';

/** Share of installed parts by supplier country, for the domestic-sourcing goal. */
@Injectable()
export class SourcingService {
  constructor(
    private readonly sourcing: SourcingReadRepository,
    @Inject(QUALITY_CLOCK) private readonly clock: QualityClock,
  ) {}

  async week(query: SourcingQueryDto): Promise<SourcingView> {
    const window = isoWeekWindow(query.week ?? isoWeekOf(this.clock.now()));
    if (window === null) {
      throw new ApiError('invalid_query', 'Validation failed', [
        { path: 'week', reason: `${query.week} is not a week of its year` },
      ]);
    }
    const rows = await this.sourcing.countsByRack({ siteId: query.site, from: window.from, to: window.to });
    return {
      site: query.site ?? null,
      week: window.week,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      ...sourcingShares(rows),
    };
  }
}
