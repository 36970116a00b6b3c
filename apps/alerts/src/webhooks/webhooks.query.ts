import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { webhookNotFound } from './webhook-not-found.js';
import { toDeliveryView, toWebhookView, type DeliveryView, type WebhookView } from './webhook.view.js';

const RECENT_DELIVERIES = 50;

/** The registered webhooks and their recent deliveries, as the admin API shows them. */
@Injectable()
export class WebhooksQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async list(): Promise<WebhookView[]> {
    return (await this.uow.pool.webhooks.findActive()).map(toWebhookView);
  }

  async get(id: string): Promise<WebhookView> {
    const webhook = await this.uow.pool.webhooks.findActiveById(id);
    if (!webhook) throw webhookNotFound(id);
    return toWebhookView(webhook);
  }

  /** Newest first: failed ones show why. */
  async deliveries(id: string): Promise<DeliveryView[]> {
    const repositories = this.uow.pool;
    if (!(await repositories.webhooks.findActiveById(id))) throw webhookNotFound(id);
    return (await repositories.deliveries.listForWebhook(id, RECENT_DELIVERIES)).map(toDeliveryView);
  }
}
