/** The chat platforms (and the signed JSON) a webhook can speak. */
export const WEBHOOK_KINDS = ['slack', 'teams', 'google_chat', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export function isWebhookKind(value: unknown): value is WebhookKind {
  return typeof value === 'string' && (WEBHOOK_KINDS as readonly string[]).includes(value);
}

/** Headers of the generic kind; chat platforms authenticate by the secret in their URL instead. */
export const WEBHOOK_HEADERS = {
  signature: 'X-Signature',
  timestamp: 'X-Timestamp',
  deliveryId: 'X-Delivery-Id',
  event: 'X-Event',
} as const;
