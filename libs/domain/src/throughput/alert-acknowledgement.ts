/** What the andon rules need of an alert: its state, when it fired, and whether someone took it. */
export interface AcknowledgeableAlert {
  readonly status: string;
  readonly firedAt: Date | null;
  readonly acknowledgedAt: Date | null;
}

export const DEFAULT_ALERT_ESCALATION_MINUTES = 15;
const MINUTE_MS = 60_000;

/**
 * When a firing alert nobody has acknowledged is escalated: its firing time plus the escalation minutes. null
 * once it is acknowledged or resolved, and while it is not firing, because then there is nothing to escalate.
 */
export function escalatesAt(alert: AcknowledgeableAlert, escalationMinutes: number): Date | null {
  if (alert.status !== 'firing' || alert.firedAt === null || alert.acknowledgedAt !== null) return null;
  return new Date(alert.firedAt.getTime() + escalationMinutes * MINUTE_MS);
}

/** Whether chat must now hear that the alert went unacknowledged: past its escalation time and not told yet. */
export function isUnacknowledgedPastEscalation(
  alert: AcknowledgeableAlert & { readonly unacknowledgedNotifiedAt: Date | null },
  escalationMinutes: number,
  now: Date,
): boolean {
  const due = escalatesAt(alert, escalationMinutes);
  return due !== null && due.getTime() <= now.getTime() && alert.unacknowledgedNotifiedAt === null;
}

/** Why an alert cannot be acknowledged (it must be firing, and acknowledged once), or null when it can. */
export function acknowledgementRefusal(
  alert: AcknowledgeableAlert,
): 'already_acknowledged' | 'resolved' | 'not_firing' | null {
  if (alert.acknowledgedAt !== null) return 'already_acknowledged';
  if (alert.status === 'resolved') return 'resolved';
  if (alert.status !== 'firing') return 'not_firing';
  return null;
}

/** The message that tells chat an alert went unacknowledged: the alert's own message, saying for how long. */
export function unacknowledgedMessage<Message extends { title: string; summary: string }>(
  message: Message,
  escalationMinutes: number,
): Message {
  const prefix = 'Unacknowledged: ';
  const title = message.title.startsWith(prefix) ? message.title.slice(prefix.length) : message.title;
  return {
    ...message,
    title: `Unacknowledged for ${escalationMinutes} min: ${title}`,
    summary: `Nobody has acknowledged this alert for ${escalationMinutes} minutes since it fired. ${message.summary}`,
  };
}
