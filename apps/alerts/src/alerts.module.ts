import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import {
  HTTP_EXCEPTION_FILTER_OPTIONS,
  HttpExceptionFilter,
  InfrastructureModule,
  KAFKA_CLIENT,
  type HttpExceptionFilterOptions,
  AccessModule,
} from '#platform';
import { TopicWatermarks, type Kafka } from '#messaging';
import { AlertsConfig } from './alerts.config.js';
import { toHttpException } from './alerts.error.js';
import { AlertsLifecycle } from './alerts.lifecycle.js';
import { AlertsMetrics } from './alerts.metrics.js';
import { Clock, SystemClock } from '#platform';
import { DashboardLink } from './common/dashboard-link.js';
import { LeaderElection } from './common/leader-election.js';
import { SiteThroughputReader } from '#persistence';
import { createValidationPipe } from '#platform';
import { DeliverWebhooksUseCase } from './deliver-webhooks/deliver-webhooks.use-case.js';
import { WebhookHttpClient } from './deliver-webhooks/webhook-http.client.js';
import { WebhookSender } from './deliver-webhooks/webhook-sender.js';
import { EvaluateAlertsUseCase } from './evaluate-alerts/evaluate-alerts.use-case.js';
import { EvaluationScheduler } from './evaluate-alerts/evaluation.scheduler.js';
import { RackTransitionsConsumer } from './evaluate-alerts/rack-transitions.consumer.js';
import { SiteRulesController } from './site-rules/site-rules.controller.js';
import { PutSiteRulesUseCase } from './site-rules/put-site-rules.use-case.js';
import { SiteRulesQuery } from './site-rules/site-rules.query.js';
import { SiteTargetsController } from './site-targets/site-targets.controller.js';
import { PutSiteTargetUseCase } from './site-targets/put-site-target.use-case.js';
import { SiteTargetQuery } from './site-targets/site-target.query.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { RegisterWebhookUseCase } from './webhooks/register-webhook.use-case.js';
import { RemoveWebhookUseCase } from './webhooks/remove-webhook.use-case.js';
import { SendTestWebhookUseCase } from './webhooks/send-test-webhook.use-case.js';
import { WebhooksQuery } from './webhooks/webhooks.query.js';
import { TrackerWatchScheduler } from './watch-tracker/tracker-watch.scheduler.js';
import { WatchTrackerUseCase } from './watch-tracker/watch-tracker.use-case.js';
import { WebhookDestinationPolicy } from './webhooks/webhook-destination.js';

/**
 * Weekly targets and shift calendars, throughput rules evaluated on a schedule and on transitions, the
 * alert lifecycle, and webhook delivery through an outbox (docs/architecture.md).
 */
@Module({})
export class AlertsModule {
  static forRoot(config: AlertsConfig): DynamicModule {
    return {
      module: AlertsModule,
      // Pool: HTTP requests, the evaluation round, the sender, and the leader's own lock connection.
      imports: [
        InfrastructureModule.forRoot({ service: 'alerts', config, poolSize: 8 }),
        AccessModule.forRoot({ adminToken: config.ADMIN_TOKEN }),
      ],
      controllers: [SiteTargetsController, SiteRulesController, WebhooksController],
      providers: [
        { provide: AlertsConfig, useValue: config },
        {
          provide: WebhookDestinationPolicy,
          useValue: new WebhookDestinationPolicy(config.webhookAllowList),
        },
        { provide: Clock, useClass: SystemClock },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        {
          provide: HTTP_EXCEPTION_FILTER_OPTIONS,
          useValue: { mapError: toHttpException } satisfies HttpExceptionFilterOptions,
        },
        AlertsMetrics,
        DashboardLink,
        LeaderElection,
        SiteThroughputReader,
        EvaluateAlertsUseCase,
        EvaluationScheduler,
        RackTransitionsConsumer,
        WebhookHttpClient,
        DeliverWebhooksUseCase,
        WebhookSender,
        SiteTargetQuery,
        PutSiteTargetUseCase,
        SiteRulesQuery,
        PutSiteRulesUseCase,
        WebhooksQuery,
        RegisterWebhookUseCase,
        RemoveWebhookUseCase,
        SendTestWebhookUseCase,
        {
          provide: TopicWatermarks,
          useFactory: (kafka: Kafka) => new TopicWatermarks(kafka),
          inject: [KAFKA_CLIENT],
        },
        WatchTrackerUseCase,
        TrackerWatchScheduler,
        AlertsLifecycle,
      ],
    };
  }
}
