import { Module } from '@nestjs/common';
import { ArchiveSiteUseCase } from './archive-site.use-case.js';
import { SiteQuery } from './site.query.js';
import { SitesController } from './sites.controller.js';

/** The site list with its default, and archiving a site out of the pickers. */
@Module({
  controllers: [SitesController],
  providers: [SiteQuery, ArchiveSiteUseCase],
  exports: [SiteQuery],
})
export class SitesModule {}
