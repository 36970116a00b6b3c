import { Module } from '@nestjs/common';
import { HandoverQuery } from './handover.query.js';
import { SiteStatusQuery } from './site-status.query.js';
import { SiteTransitionsQuery } from './site-transitions.query.js';
import { StatusController } from './status.controller.js';

/** Weekly progress, WIP and performance per site, for the read API, the dashboard and the live stream. */
@Module({
  controllers: [StatusController],
  providers: [SiteStatusQuery, HandoverQuery, SiteTransitionsQuery],
  exports: [SiteStatusQuery],
})
export class StatusModule {}
