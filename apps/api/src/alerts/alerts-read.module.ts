import { Module } from '@nestjs/common';
import { AlertQueryService } from './alert-query.service.js';
import { AlertsController } from './alerts.controller.js';

/** `GET /v1/alerts`: the alerts service writes them; the api shows them to shift managers. */
@Module({
  controllers: [AlertsController],
  providers: [AlertQueryService],
})
export class AlertsReadModule {}
