import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { SiteParamsDto } from '../status/site-status.dto.js';
import { ArchiveSiteUseCase } from './archive-site.use-case.js';
import { ListSitesDto } from './list-sites.dto.js';
import { SiteQuery } from './site.query.js';
import { SiteList, SiteView } from './site.view.js';

@ApiTags('sites')
@Controller('v1/sites')
export class SitesController {
  constructor(
    private readonly sites: SiteQuery,
    private readonly archiveSite: ArchiveSiteUseCase,
  ) {}

  @Get()
  @ApiManagerAccess()
  @ApiOperation({
    summary: 'Sites (with a target, or with racks), their activity, and the one a dashboard opens on',
    description:
      'Archived sites are left out unless `includeArchived=true`. `defaultSiteId` is DASHBOARD_DEFAULT_SITE when ' +
      'it names an unarchived site, else the unarchived site with the most station events over the last 7 days.',
  })
  @ApiAnswers(SiteList, HttpStatus.BAD_REQUEST)
  list(@Query() query: ListSitesDto): Promise<SiteList> {
    return this.sites.list(query.includeArchived);
  }

  @Post(':siteId/archive')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: 'Archive a site: it leaves the pickers and cannot be the default (admin; audited)',
    description: 'Nothing is deleted: racks, history and settings stay, and unarchive brings the site back.',
  })
  @ApiAnswers(SiteView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  archive(@Param() params: SiteParamsDto, @CurrentPrincipal() actor: Principal): Promise<SiteView> {
    return this.archiveSite.execute(params.siteId, true, actor);
  }

  @Post(':siteId/unarchive')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({ summary: 'Bring an archived site back into the pickers (admin; audited)' })
  @ApiAnswers(SiteView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  unarchive(@Param() params: SiteParamsDto, @CurrentPrincipal() actor: Principal): Promise<SiteView> {
    return this.archiveSite.execute(params.siteId, false, actor);
  }
}
