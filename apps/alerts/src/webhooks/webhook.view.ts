import type { StoredDelivery, StoredWebhook } from '#persistence';
import { redactWebhookUrl } from './webhook-url.js';

/** A webhook as the API shows it: neither the secret nor the credentials a chat URL carries. */
export interface WebhookView {
  id: string;
  name: string;
  kind: string;
  url: string;
  hasSecret: boolean;
  siteIds: string[];
  minSeverity: string;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  alertEventId: string | null;
  type: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A test delivery, as `POST /v1/webhooks/:id/test` reports it. */
export interface TestDeliveryView extends DeliveryView {
  webhookId: string;
}

export function toWebhookView(webhook: StoredWebhook): WebhookView {
  return {
    id: webhook.id,
    name: webhook.name,
    kind: webhook.kind,
    url: redactWebhookUrl(webhook.url),
    hasSecret: webhook.secret !== null,
    siteIds: webhook.siteIds,
    minSeverity: webhook.minSeverity,
    createdAt: webhook.createdAt.toISOString(),
  };
}

export function toDeliveryView(delivery: StoredDelivery): DeliveryView {
  return {
    id: delivery.id,
    alertEventId: delivery.alertEventId,
    type: delivery.noticeType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}
