import type { StoredAlert, StoredAlertEvent, StoredDelivery } from '#persistence';

export interface AlertDeliveryView {
  webhookId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

/** One announced state of an alert, and what became of its webhook deliveries. */
export interface AlertEventView {
  id: string;
  kind: string;
  severity: string;
  title: string;
  summary: string;
  occurredAt: string;
  deliveries: AlertDeliveryView[];
}

export interface AlertView {
  id: string;
  rule: string;
  /** null for an alert about the pipeline (`tracker_stalled`, subject = the partition), not one site. */
  siteId: string | null;
  subject: string;
  status: string;
  severity: string;
  peakSeverity: string;
  title: string;
  pendingSince: string;
  firedAt: string | null;
  resolvedAt: string | null;
  lastNotifiedAt: string | null;
  updatedAt: string;
  /** The rule's latest measurements and the site's week figures when last evaluated. */
  detail: unknown;
  figures: unknown;
  history: AlertEventView[];
}

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

export function toAlertView(
  alert: StoredAlert,
  events: readonly StoredAlertEvent[],
  deliveries: readonly StoredDelivery[],
): AlertView {
  return {
    id: alert.id,
    rule: alert.rule,
    siteId: alert.siteId,
    subject: alert.subject,
    status: alert.status,
    severity: alert.severity,
    peakSeverity: alert.peakSeverity,
    title: alert.title,
    pendingSince: alert.pendingSince.toISOString(),
    firedAt: iso(alert.firedAt),
    resolvedAt: iso(alert.resolvedAt),
    lastNotifiedAt: iso(alert.lastNotifiedAt),
    updatedAt: alert.updatedAt.toISOString(),
    detail: alert.detail,
    figures: alert.figures,
    history: events
      .filter((event) => event.alertId === alert.id)
      .map((event) => ({
        id: event.id,
        kind: event.kind,
        severity: event.severity,
        title: event.title,
        summary: event.summary,
        occurredAt: event.occurredAt.toISOString(),
        deliveries: deliveries
          .filter((delivery) => delivery.alertEventId === event.id)
          .map((delivery) => ({
            webhookId: delivery.webhookId,
            status: delivery.status,
            attempts: delivery.attempts,
            lastStatusCode: delivery.lastStatusCode,
            lastError: delivery.lastError,
            deliveredAt: iso(delivery.deliveredAt),
          })),
      })),
  };
}
