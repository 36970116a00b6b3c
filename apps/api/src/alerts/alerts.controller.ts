import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '#platform';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { AcknowledgeAlertDto } from './acknowledge-alert.dto.js';
import { AcknowledgeAlertUseCase } from './acknowledge-alert.use-case.js';
import { AlertQuery } from './alert.query.js';
import { AlertPage, AlertView } from './alert.view.js';
import { AlertParamsDto, ListAlertsDto } from './list-alerts.dto.js';

/** Throughput alerts the alerts service raised, newest first, each with its announced history. */
@ApiTags('alerts')
@ApiManagerAccess()
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertQuery,
    private readonly acknowledgeAlert: AcknowledgeAlertUseCase,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Alerts the alerts service raised, newest first, each with its announced history and deliveries',
    description:
      'Filters combine with AND. Without `status`, pending alerts (not announced yet) are left out.',
  })
  @ApiAnswers(AlertPage, HttpStatus.BAD_REQUEST)
  list(@Query() query: ListAlertsDto): Promise<AlertPage> {
    return this.alerts.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert with its announced history, deliveries and acknowledgement' })
  @ApiAnswers(AlertView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(@Param() params: AlertParamsDto): Promise<AlertView> {
    return this.alerts.get(params.id);
  }

  @Post(':id/acknowledge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Acknowledge a firing alert on behalf of a named person (andon; audited)',
    description:
      'Keeps who took the alert (`by`), when and the note on the alert, and stops its escalation: chat is not ' +
      'told it went unacknowledged. The audit log keeps the token that made the call too. 409 when the alert ' +
      'was acknowledged already, is resolved, or is not firing.',
  })
  @ApiAnswers(AlertView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  acknowledge(
    @Param() params: AlertParamsDto,
    @Body() body: AcknowledgeAlertDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<AlertView> {
    return this.acknowledgeAlert.execute(params.id, body, actor);
  }
}
