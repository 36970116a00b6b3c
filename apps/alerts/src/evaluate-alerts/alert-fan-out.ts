import {
  composeAlertMessage,
  severityRank,
  isAlertSeverity,
  type AlertDecision,
  type AlertDetail,
  type AlertSeverity,
  type NotificationKind,
  type SiteFigures,
} from '#domain';
import { noticeFromAlertMessage, renderWebhookBody, isWebhookKind, type ChatNotice } from '#contracts';
import type { NewDeliveryRow, StoredWebhook } from '#persistence';

/** What one announced alert state needs in order to be written down and queued for every webhook. */
export interface Announcement {
  alertId: string;
  decision: AlertDecision;
  notification: NotificationKind;
  /** The severity the message states. */
  severity: AlertSeverity;
  /** Which channels hear it: a resolve goes wherever the alert at its worst went. */
  reach: AlertSeverity;
  detail: AlertDetail | null;
  figures: SiteFigures;
  occurredAt: Date;
  dashboardUrl: string;
}

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

export function messageOf(announcement: Announcement) {
  return composeAlertMessage({
    alertId: announcement.alertId,
    rule: announcement.decision.rule,
    subject: announcement.decision.subject,
    notification: announcement.notification,
    severity: announcement.severity,
    detail: announcement.detail,
    figures: announcement.figures,
    occurredAt: announcement.occurredAt,
    dashboardUrl: announcement.dashboardUrl,
  });
}

/**
 * One outbox row per webhook that hears the announcement, each body rendered now in its platform's format,
 * so retries (even after a restart) send the same bytes.
 */
export function deliveriesFor(
  announcement: Announcement,
  alertEventId: string,
  webhooks: readonly StoredWebhook[],
): NewDeliveryRow[] {
  return noticeDeliveries(
    noticeFromAlertMessage(`alert-event-${alertEventId}`, messageOf(announcement)),
    { siteId: announcement.figures.siteId, reach: announcement.reach },
    alertEventId,
    webhooks,
  );
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
