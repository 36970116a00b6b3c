import { noticeFromAlertMessage } from '#contracts';
import {
  isAlertSeverity,
  unacknowledgedMessage,
  type AlertMessage,
  type AlertSeverity,
  type AlertTrack,
  type NotificationKind,
  type PipelineAlertMessage,
} from '#domain';
import type { AlertStateRow, Repositories, StoredAlert, StoredWebhook } from '#persistence';
import { noticeDeliveries } from './alert-fan-out.js';

/**
 * The open alerts (pending or firing) of the rules `isRule` accepts, as reconciliation sees them; a row with a
 * rule or severity this version does not know is left alone.
 */
export function openAlertsOf<Rule extends string>(
  stored: readonly StoredAlert[],
  isRule: (rule: string) => rule is Rule,
): { id: string; rule: Rule; subject: string; track: AlertTrack }[] {
  return stored.flatMap((alert) => {
    if (alert.status !== 'pending' && alert.status !== 'firing') return [];
    if (!isRule(alert.rule)) return [];
    if (!isAlertSeverity(alert.severity) || !isAlertSeverity(alert.peakSeverity)) return [];
    const track: AlertTrack = {
      status: alert.status,
      severity: alert.severity,
      peakSeverity: alert.peakSeverity,
      pendingSince: alert.pendingSince,
      firedAt: alert.firedAt,
      lastNotifiedAt: alert.lastNotifiedAt,
    };
    return [{ id: alert.id, rule: alert.rule, subject: alert.subject, track }];
  });
}

/** Where one alert's lifecycle goes next, as either reconciliation (site rules, tracker stalls) decides it. */
export interface AlertStep {
  readonly rule: string;
  readonly subject: string;
  readonly alertId: string | null;
  readonly previous: AlertTrack | null;
  readonly next: AlertTrack | null;
  readonly notification: NotificationKind | null;
}

/** Which alert says what, at which severity: the part of a message the lifecycle decides. */
export interface Announced {
  readonly alertId: string;
  readonly notification: NotificationKind;
  readonly severity: AlertSeverity;
}

/** What the caller knows of the alert beyond its lifecycle: whose it is, what it measured, how it reads. */
export interface AlertContent {
  /** null for a pipeline alert, which concerns every site. */
  readonly siteId: string | null;
  readonly detail: AlertStateRow['detail'];
  readonly figures: AlertStateRow['figures'];
  compose(announced: Announced): AlertMessage | PipelineAlertMessage;
}

/**
 * Writes one decision: drops a pending alert that never fired, or stores the alert's new state and, when it
 * announces something, its history entry and one webhook outbox row per webhook that hears it, all on the
 * caller's transaction. `content` null means there is nothing to state (a stall never measured). Returns
 * how many deliveries it queued.
 */
export async function writeAlertStep(
  repositories: Repositories,
  step: AlertStep,
  content: AlertContent | null,
  webhooks: readonly StoredWebhook[],
  now: Date,
): Promise<number> {
  if (step.next === null && step.notification === null) {
    if (step.alertId !== null) await repositories.alerts.deletePending(step.alertId);
    return 0;
  }
  const track = step.next ?? step.previous;
  if (track === null || content === null) return 0;
  const { siteId, detail, figures } = content;
  const state: AlertStateRow = {
    status: step.next === null ? 'resolved' : step.next.status,
    severity: track.severity,
    peakSeverity: track.peakSeverity,
    pendingSince: track.pendingSince,
    firedAt: track.firedAt,
    resolvedAt: step.next === null ? now : null,
    lastNotifiedAt: step.notification ? now : track.lastNotifiedAt,
    // A pending alert has announced nothing yet; its title is what it will announce when it fires.
    title: content.compose({
      alertId: step.alertId ?? '',
      notification: step.notification ?? 'firing',
      severity: track.severity,
    }).title,
    detail,
    figures,
  };
  let alertId = step.alertId;
  if (alertId === null) {
    alertId = await repositories.alerts.insert(
      { ...state, rule: step.rule, siteId, subject: step.subject },
      now,
    );
  } else {
    await repositories.alerts.update(alertId, state, now);
  }
  if (step.notification === null) return 0;
  const message = content.compose({ alertId, notification: step.notification, severity: track.severity });
  const eventId = await repositories.alerts.insertEvent({
    alertId,
    kind: step.notification,
    severity: track.severity,
    title: message.title,
    summary: message.outlook === null ? message.summary : `${message.summary} ${message.outlook}`,
    detail,
    figures,
    occurredAt: now,
  });
  // A resolve goes wherever the alert at its worst went.
  const reach = step.notification === 'resolved' ? track.peakSeverity : track.severity;
  return repositories.deliveries.enqueue(
    noticeDeliveries(
      noticeFromAlertMessage(`alert-event-${eventId}`, message),
      { siteId, reach },
      eventId,
      webhooks,
    ),
    now,
  );
}

/**
 * Tells chat, once, that a firing alert went unacknowledged past its escalation time: its own message, saying for
 * how long, to the channels that hear it at its severity now. The history entry, the outbox rows and the mark
 * that it was said are written together on the caller's transaction. Returns how many deliveries it queued.
 */
export async function writeUnacknowledgedNotice(
  repositories: Repositories,
  alert: StoredAlert,
  content: AlertContent,
  escalationMinutes: number,
  webhooks: readonly StoredWebhook[],
  now: Date,
): Promise<number> {
  if (!isAlertSeverity(alert.severity)) return 0;
  const message = unacknowledgedMessage(
    content.compose({ alertId: alert.id, notification: 'unacknowledged', severity: alert.severity }),
    escalationMinutes,
  );
  const eventId = await repositories.alerts.insertEvent({
    alertId: alert.id,
    kind: 'unacknowledged',
    severity: alert.severity,
    title: message.title,
    summary: message.outlook === null ? message.summary : `${message.summary} ${message.outlook}`,
    detail: content.detail,
    figures: content.figures,
    occurredAt: now,
  });
  await repositories.alerts.markUnacknowledgedNotified(alert.id, now);
  return repositories.deliveries.enqueue(
    noticeDeliveries(
      noticeFromAlertMessage(`alert-event-${eventId}`, message),
      { siteId: content.siteId, reach: alert.severity },
      eventId,
      webhooks,
    ),
    now,
  );
}
