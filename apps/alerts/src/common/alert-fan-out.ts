import { severityRank, isAlertSeverity, type AlertSeverity } from '#domain';
import { renderWebhookBody, isWebhookKind, type ChatNotice } from '#contracts';
import type { NewDeliveryRow, StoredWebhook } from '#persistence';

/**
 * Whether a webhook hears an alert of this site (null: a pipeline alert, which concerns every site, so
 * every webhook hears it whatever sites it is limited to) at this severity.
 */
export function webhookHears(
  webhook: StoredWebhook,
  siteId: string | null,
  severity: AlertSeverity,
): boolean {
  const siteMatches = siteId === null || webhook.siteIds.length === 0 || webhook.siteIds.includes(siteId);
  const minimum = isAlertSeverity(webhook.minSeverity) ? webhook.minSeverity : 'info';
  return siteMatches && severityRank(severity) >= severityRank(minimum);
}

/** Who hears a notice: the alert's site (null for the pipeline's) and the severity whose channels it reaches. */
export interface NoticeAudience {
  siteId: string | null;
  reach: AlertSeverity;
}

/** The outbox rows of any alert notice, site or pipeline: one per webhook that hears it. */
export function noticeDeliveries(
  notice: ChatNotice,
  audience: NoticeAudience,
  alertEventId: string,
  webhooks: readonly StoredWebhook[],
): NewDeliveryRow[] {
  return webhooks.flatMap((webhook) => {
    if (!isWebhookKind(webhook.kind) || !webhookHears(webhook, audience.siteId, audience.reach)) return [];
    return [
      {
        webhookId: webhook.id,
        alertEventId,
        noticeType: notice.type,
        body: renderWebhookBody(webhook.kind, notice),
      },
    ];
  });
}
