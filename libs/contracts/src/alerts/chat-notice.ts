import type {
  AlertDetail,
  AlertFact,
  AlertMessage,
  AlertRuleName,
  AlertSeverity,
  NotificationKind,
  PartitionFigures,
  PipelineAlertMessage,
  PipelineAlertRuleName,
  SiteFigures,
  TrackerStallDetail,
} from '#domain';

export const NOTICE_TYPES = [
  'alert.firing',
  'alert.escalated',
  'alert.reminder',
  'alert.unacknowledged',
  'alert.resolved',
  'webhook.test',
] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/**
 * The alert a notice is about, as the generic JSON carries it for machines to act on. A pipeline alert
 * (`tracker_stalled`, subject = the partition) has no site: `siteId` is null and `figures` are the
 * partition's offsets instead of the site's week.
 */
export interface NoticeAlert {
  id: string;
  rule: AlertRuleName | PipelineAlertRuleName;
  siteId: string | null;
  subject: string;
  notification: NotificationKind;
  severity: AlertSeverity;
  figures: SiteFigures | PartitionFigures;
  detail: AlertDetail | TrackerStallDetail | null;
}

/** One message for any platform: an alert state, or an administrator's test. */
export interface ChatNotice {
  /** Stable across retries of one delivery, so a receiver can drop a repeat. */
  id: string;
  type: NoticeType;
  severity: AlertSeverity;
  title: string;
  summary: string;
  outlook: string | null;
  facts: readonly AlertFact[];
  dashboardUrl: string;
  occurredAt: string;
  alert: NoticeAlert | null;
}

export function noticeFromAlertMessage(id: string, message: AlertMessage | PipelineAlertMessage): ChatNotice {
  return {
    id,
    type: `alert.${message.notification}`,
    severity: message.severity,
    title: message.title,
    summary: message.summary,
    outlook: message.outlook,
    facts: message.facts,
    dashboardUrl: message.dashboardUrl,
    occurredAt: message.occurredAt,
    alert: {
      id: message.alertId,
      rule: message.rule,
      siteId: message.siteId,
      subject: message.subject,
      notification: message.notification,
      severity: message.severity,
      figures: message.figures,
      detail: message.detail,
    },
  };
}

/** What `POST /v1/webhooks/:id/test` sends: obviously a test, in the same layout as a real alert. */
export function testNotice(
  id: string,
  webhookName: string,
  occurredAt: Date,
  dashboardUrl: string,
): ChatNotice {
  return {
    id,
    type: 'webhook.test',
    severity: 'info',
    title: 'Test message from the rack line tracker',
    summary: `Webhook "${webhookName}" is set up: throughput alerts for its sites will arrive here.`,
    outlook: null,
    facts: [{ label: 'Sent at', value: occurredAt.toISOString() }],
    dashboardUrl,
    occurredAt: occurredAt.toISOString(),
    alert: null,
  };
}
