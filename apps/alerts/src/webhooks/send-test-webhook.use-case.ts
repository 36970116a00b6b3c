import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isWebhookKind, renderWebhookBody, testNotice } from '#contracts';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { DeliverWebhooksUseCase } from '../deliver-webhooks/deliver-webhooks.use-case.js';
import { webhookNotFound } from './webhook-not-found.js';
import { toDeliveryView, type TestDeliveryView } from './webhook.view.js';

/** Sends a test message now, once, through the outbox (so it shows among the deliveries), and reports how it went. */
@Injectable()
export class SendTestWebhookUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly dashboard: DashboardLink,
    private readonly deliver: DeliverWebhooksUseCase,
  ) {}

  async execute(id: string): Promise<TestDeliveryView> {
    const repositories = this.uow.pool;
    const webhook = await repositories.webhooks.findActiveById(id);
    if (!webhook || !isWebhookKind(webhook.kind)) throw webhookNotFound(id);
    const now = this.clock.now();
    const notice = testNotice(
      `test-${randomUUID()}`,
      webhook.name,
      now,
      this.dashboard.forSite(webhook.siteIds[0]),
    );
    const body = renderWebhookBody(webhook.kind, notice);
    const row = { webhookId: webhook.id, alertEventId: null, noticeType: notice.type, body };
    const deliveryId = await repositories.deliveries.insertClaimed(row, now, this.deliver.leaseUntil(now));
    await this.deliver.attempt(
      {
        id: deliveryId,
        webhookId: webhook.id,
        alertEventId: null,
        noticeType: notice.type,
        body,
        attempts: 1,
        url: webhook.url,
        kind: webhook.kind,
        secret: webhook.secret,
      },
      true,
    );
    const delivery = await repositories.deliveries.findById(deliveryId);
    if (!delivery) throw new Error(`delivery ${deliveryId} vanished`);
    return { webhookId: webhook.id, ...toDeliveryView(delivery) };
  }
}
