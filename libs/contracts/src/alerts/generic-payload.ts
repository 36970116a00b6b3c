import { createHmac } from 'node:crypto';
import type { ChatNotice, NoticeAlert, NoticeType } from './chat-notice.js';
import type { AlertFact, AlertSeverity } from '#domain';

export const GENERIC_PAYLOAD_SCHEMA_VERSION = 1;

/**
 * The generic kind's JSON, for receivers that are programs. `id` is stable across retries (deduplicate on
 * it); `timestamp` is when the notice was created and equals the `X-Timestamp` header, so the signature,
 * which covers the raw body, also covers the timestamp.
 */
export interface GenericPayload {
  schemaVersion: typeof GENERIC_PAYLOAD_SCHEMA_VERSION;
  id: string;
  type: NoticeType;
  timestamp: string;
  severity: AlertSeverity;
  title: string;
  summary: string;
  outlook: string | null;
  facts: readonly AlertFact[];
  dashboardUrl: string;
  alert: NoticeAlert | null;
}

export function genericPayload(notice: ChatNotice): GenericPayload {
  return {
    schemaVersion: GENERIC_PAYLOAD_SCHEMA_VERSION,
    id: notice.id,
    type: notice.type,
    timestamp: notice.occurredAt,
    severity: notice.severity,
    title: notice.title,
    summary: notice.summary,
    outlook: notice.outlook,
    facts: notice.facts,
    dashboardUrl: notice.dashboardUrl,
    alert: notice.alert,
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the webhook's secret. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}
