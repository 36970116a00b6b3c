import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { AccessGuard, CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { SiteParamsDto } from '../common/site-params.dto.js';
import { PutSiteTargetDto } from './put-site-target.dto.js';
import type { SiteTargetView } from './site-target.view.js';
import { PutSiteTargetUseCase } from './put-site-target.use-case.js';
import { SiteTargetQuery } from './site-target.query.js';

@Controller('v1/sites/:siteId/target')
@UseGuards(AccessGuard)
@RequireRole('admin')
export class SiteTargetsController {
  constructor(
    private readonly target: SiteTargetQuery,
    private readonly putTarget: PutSiteTargetUseCase,
  ) {}

  /** The configuration in force (defaults until one is stored) with this week's figures. */
  @Get()
  get(@Param() params: SiteParamsDto): Promise<SiteTargetView> {
    return this.target.get(params.siteId);
  }

  @Put()
  put(
    @Param() params: SiteParamsDto,
    @Body() body: PutSiteTargetDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SiteTargetView> {
    return this.putTarget.execute(params.siteId, body, actor);
  }
}
