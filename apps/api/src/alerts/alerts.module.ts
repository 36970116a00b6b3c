import { Module } from '@nestjs/common';
import { AcknowledgeAlertUseCase } from './acknowledge-alert.use-case.js';
import { AlertQuery } from './alert.query.js';
import { AlertsController } from './alerts.controller.js';

/** `GET /v1/alerts`: the alerts service writes them; the api shows them to shift managers, who acknowledge them. */
@Module({ controllers: [AlertsController], providers: [AlertQuery, AcknowledgeAlertUseCase] })
export class AlertsModule {}
