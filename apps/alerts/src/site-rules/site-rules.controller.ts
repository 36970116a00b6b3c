import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { AccessGuard, CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { SiteParamsDto } from '../common/site-params.dto.js';
import { PutSiteRulesDto } from './put-site-rules.dto.js';
import { PutSiteRulesUseCase } from './put-site-rules.use-case.js';
import { SiteRulesQuery } from './site-rules.query.js';
import type { SiteRulesView } from './site-rules.view.js';

@Controller('v1/sites/:siteId/rules')
@UseGuards(AccessGuard)
@RequireRole('admin')
export class SiteRulesController {
  constructor(
    private readonly rules: SiteRulesQuery,
    private readonly putRules: PutSiteRulesUseCase,
  ) {}

  @Get()
  get(@Param() params: SiteParamsDto): Promise<SiteRulesView> {
    return this.rules.get(params.siteId);
  }

  @Put()
  put(
    @Param() params: SiteParamsDto,
    @Body() body: PutSiteRulesDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SiteRulesView> {
    return this.putRules.execute(params.siteId, body, actor);
  }
}
