import { isWebhookKind, WEBHOOK_HEADERS, webhookSignature } from '#contracts';

export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
}

export interface QueuedDelivery {
  id: string;
  kind: string;
  noticeType: string;
  body: string;
  secret: string | null;
}

const USER_AGENT = 'rack-line-tracker-alerts/1';

/** The generic body's `timestamp` (set when queued), which X-Timestamp repeats in Unix seconds. */
function noticeTimestamp(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { timestamp?: unknown };
    const time = typeof parsed.timestamp === 'string' ? Date.parse(parsed.timestamp) : Number.NaN;
    return Number.isNaN(time) ? null : Math.floor(time / 1000);
  } catch {
    return null;
  }
}

/**
 * The exact bytes and headers of an attempt. Chat platforms authenticate by the secret in their URL; the
 * generic kind is signed: `X-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, with `X-Timestamp`
 * equal to the body's `timestamp`, which the signature therefore covers.
 */
export function buildWebhookRequest(delivery: QueuedDelivery): WebhookRequest {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': USER_AGENT,
  };
  if (isWebhookKind(delivery.kind) && delivery.kind === 'generic') {
    headers[WEBHOOK_HEADERS.deliveryId] = delivery.id;
    headers[WEBHOOK_HEADERS.event] = delivery.noticeType;
    const timestamp = noticeTimestamp(delivery.body);
    if (timestamp !== null) headers[WEBHOOK_HEADERS.timestamp] = String(timestamp);
    if (delivery.secret !== null)
      headers[WEBHOOK_HEADERS.signature] = webhookSignature(delivery.secret, delivery.body);
  }
  return { headers, body: delivery.body };
}
