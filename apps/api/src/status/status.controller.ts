import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { HandoverQuery } from './handover.query.js';
import { HandoverView } from './handover.view.js';
import {
  HandoverQueryDto,
  PerformanceQueryDto,
  RecentTransitionsQueryDto,
  SiteParamsDto,
} from './site-status.dto.js';
import { SiteTransitionsQuery } from './site-transitions.query.js';
import { SiteTransitionList } from './site-transitions.view.js';
import { SiteStatusQuery } from './site-status.query.js';
import { PerformanceView, ProgressView, WipView } from './site-status.view.js';

@ApiTags('sites')
@ApiManagerAccess()
@Controller('v1/sites')
export class StatusController {
  constructor(
    private readonly status: SiteStatusQuery,
    private readonly handovers: HandoverQuery,
    private readonly transitions: SiteTransitionsQuery,
  ) {}

  @Get(':siteId/progress')
  @ApiOperation({
    summary:
      'The week against its target: actual, expected by now, projection, on track; by day, by shift; burn-up',
    description:
      "Computed with the alerts service's settings for the site (target history, shift calendar, rule tolerances) " +
      'and its throughput maths, so it agrees with the alerts. A site not configured runs on the defaults ' +
      '(1,000 racks a week, every hour a production hour, UTC, weeks from Monday).',
  })
  @ApiAnswers(ProgressView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  progress(@Param() params: SiteParamsDto): Promise<ProgressView> {
    return this.status.progress(params.siteId);
  }

  @Get(':siteId/wip')
  @ApiOperation({
    summary: 'Work in progress per stage and status, the oldest rack per stage, and stuck racks',
  })
  @ApiAnswers(WipView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  wip(@Param() params: SiteParamsDto): Promise<WipView> {
    return this.status.wip(params.siteId);
  }

  @Get(':siteId/performance')
  @ApiOperation({
    summary: 'Per stage over a window: cycle time p50/p90, first-pass yield, rework; rejections per reason',
    description:
      'Cycle time runs from a rack’s first `started` at a stage to its pass there (rework and holds included). ' +
      'First-pass yield counts racks whose first outcome at the stage fell in the window.',
  })
  @ApiAnswers(PerformanceView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  performance(@Param() params: SiteParamsDto, @Query() query: PerformanceQueryDto): Promise<PerformanceView> {
    return this.status.performance(params.siteId, query.windowHours);
  }

  @Get(':siteId/handover')
  @ApiOperation({
    summary:
      'What changed during a shift: shipped, failed, held, released, scrapped, and the alerts that fired',
    description:
      'The shift comes from the site’s shift calendar: `current` is the one running now (or, between shifts, the ' +
      'last one that ended), `previous` the one before it. Counts are transitions within the shift window.',
  })
  @ApiAnswers(HandoverView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  handover(@Param() params: SiteParamsDto, @Query() query: HandoverQueryDto): Promise<HandoverView> {
    return this.handovers.get(params.siteId, query);
  }

  @Get(':siteId/transitions')
  @ApiOperation({
    summary:
      'The site’s latest transitions, newest first, each as the live stream’s `transition` event carries it',
    description:
      'For a dashboard that opens mid-shift: its "just now" list starts filled, then follows the stream.',
  })
  @ApiAnswers(SiteTransitionList, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  recentTransitions(
    @Param() params: SiteParamsDto,
    @Query() query: RecentTransitionsQueryDto,
  ): Promise<SiteTransitionList> {
    return this.transitions.recent(params.siteId, query.limit);
  }
}
