import { Controller, Get, Param, Query } from '@nestjs/common';
import { AlertQueryService, type AlertPage } from './alert-query.service.js';
import type { AlertView } from './alert.view.js';
import { AlertParamsDto, ListAlertsQueryDto } from './list-alerts.query.dto.js';

/** Throughput alerts the alerts service raised, newest first, each with its announced history. */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertQueryService) {}

  @Get()
  list(@Query() query: ListAlertsQueryDto): Promise<AlertPage> {
    return this.alerts.list(query);
  }

  @Get(':id')
  get(@Param() params: AlertParamsDto): Promise<AlertView> {
    return this.alerts.get(params.id);
  }
}
