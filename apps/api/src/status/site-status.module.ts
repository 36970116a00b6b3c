import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '#platform';
import { SiteStatusController } from './site-status.controller.js';
import { SiteStatusService } from './site-status.service.js';

/** Weekly progress, WIP and performance per site, for the read API, the dashboard and the live stream. */
@Module({
  controllers: [SiteStatusController],
  providers: [{ provide: Clock, useClass: SystemClock }, SiteStatusService],
  exports: [SiteStatusService, Clock],
})
export class SiteStatusModule {}
