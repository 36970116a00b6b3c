import { severityRank, type AlertSeverity, type RuleThresholds } from './alert-rule-set.js';

export const ALERT_STATUSES = ['pending', 'firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * What is announced to chat; each is one alert state, delivered at most once per webhook. `unacknowledged`: a
 * firing alert nobody on the floor acknowledged by its escalation time (said once per alert).
 */
export const NOTIFICATION_KINDS = ['firing', 'escalated', 'reminder', 'unacknowledged', 'resolved'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * An alert that is not closed. `pending` has breached but not yet for its grace period, so nobody has been
 * told; `firing` has been announced.
 */
export interface AlertTrack {
  readonly status: 'pending' | 'firing';
  readonly severity: AlertSeverity;
  /** The highest severity announced, so a resolve reaches every channel that heard the alert. */
  readonly peakSeverity: AlertSeverity;
  readonly pendingSince: Date;
  readonly firedAt: Date | null;
  readonly lastNotifiedAt: Date | null;
}

export interface LifecycleStep {
  /** null: the alert is closed (resolved, or a pending breach that went away before its grace ran out). */
  readonly next: AlertTrack | null;
  readonly notification: NotificationKind | null;
}

const MINUTE_MS = 60_000;

function maxSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/**
 * One evaluation of one alert key. `breach` is how bad it is now in the rule's unit, `null` when the rule
 * cannot tell (too small a sample, no projection yet): then nothing changes, neither firing nor clearing.
 */
export function advanceAlert(
  track: AlertTrack | null,
  breach: number | null,
  rule: RuleThresholds,
  now: Date,
): LifecycleStep {
  if (breach === null) return { next: track, notification: null };
  const breached = breach > rule.tolerance;
  const escalates =
    rule.escalateAbove !== null && breach > rule.escalateAbove && rule.severity !== 'critical';
  const firingSeverity: AlertSeverity = escalates ? 'critical' : rule.severity;

  if (track === null) {
    if (!breached) return { next: null, notification: null };
    const pending: AlertTrack = {
      status: 'pending',
      severity: rule.severity,
      peakSeverity: rule.severity,
      pendingSince: now,
      firedAt: null,
      lastNotifiedAt: null,
    };
    return rule.graceMinutes === 0
      ? fire(pending, firingSeverity, now)
      : { next: pending, notification: null };
  }

  if (track.status === 'pending') {
    // Not announced yet: back within tolerance simply means it never happened.
    if (!breached) return { next: null, notification: null };
    if (now.getTime() - track.pendingSince.getTime() >= rule.graceMinutes * MINUTE_MS)
      return fire(track, firingSeverity, now);
    return { next: track, notification: null };
  }

  if (breach <= rule.tolerance - rule.hysteresis) return { next: null, notification: 'resolved' };

  if (escalates && track.severity !== 'critical') {
    return {
      next: { ...track, severity: 'critical', peakSeverity: 'critical', lastNotifiedAt: now },
      notification: 'escalated',
    };
  }
  // Back down from critical only past the same hysteresis band, silently: the next escalation is news again.
  if (
    track.severity === 'critical' &&
    rule.severity !== 'critical' &&
    rule.escalateAbove !== null &&
    breach <= rule.escalateAbove - rule.hysteresis
  ) {
    return { next: { ...track, severity: rule.severity }, notification: null };
  }
  const lastTold = track.lastNotifiedAt ?? track.firedAt ?? track.pendingSince;
  if (rule.cooldownMinutes > 0 && now.getTime() - lastTold.getTime() >= rule.cooldownMinutes * MINUTE_MS) {
    return { next: { ...track, lastNotifiedAt: now }, notification: 'reminder' };
  }
  return { next: track, notification: null };
}

function fire(track: AlertTrack, severity: AlertSeverity, now: Date): LifecycleStep {
  return {
    next: {
      ...track,
      status: 'firing',
      severity,
      peakSeverity: maxSeverity(track.peakSeverity, severity),
      firedAt: now,
      lastNotifiedAt: now,
    },
    notification: 'firing',
  };
}
