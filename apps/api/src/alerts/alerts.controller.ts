import { Controller, Get, Param, Query } from '@nestjs/common';
import { AlertQuery, type AlertPage } from './alert.query.js';
import type { AlertView } from './alert.view.js';
import { AlertParamsDto, ListAlertsDto } from './list-alerts.dto.js';

/** Throughput alerts the alerts service raised, newest first, each with its announced history. */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertQuery) {}

  @Get()
  list(@Query() query: ListAlertsDto): Promise<AlertPage> {
    return this.alerts.list(query);
  }

  @Get(':id')
  get(@Param() params: AlertParamsDto): Promise<AlertView> {
    return this.alerts.get(params.id);
  }
}
