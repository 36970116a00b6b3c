import { Module } from '@nestjs/common';
import { AlertQuery } from './alert.query.js';
import { AlertsController } from './alerts.controller.js';

/** `GET /v1/alerts`: the alerts service writes them; the api shows them to shift managers. */
@Module({ controllers: [AlertsController], providers: [AlertQuery] })
export class AlertsModule {}
