import { advanceAlert, type AlertTrack, type NotificationKind } from './alert-lifecycle.js';
import { RULE_KEYS, type AlertRuleName, type AlertRuleSet, type RuleThresholds } from './alert-rule-set.js';
import type { RuleObservation } from './alert-rules.js';

/** An alert that is pending or firing, as stored. */
export interface OpenAlert {
  readonly id: string;
  readonly rule: AlertRuleName;
  readonly subject: string;
  readonly track: AlertTrack;
}

/** What to do with one alert key after an evaluation round. */
export interface AlertDecision {
  readonly rule: AlertRuleName;
  readonly subject: string;
  /** The stored alert this concerns; null for a key that was not open. */
  readonly alertId: string | null;
  readonly previous: AlertTrack | null;
  readonly next: AlertTrack | null;
  readonly notification: NotificationKind | null;
  /** null when the rule no longer reports the key (a rack that moved on, a rule switched off). */
  readonly observation: RuleObservation | null;
}

function keyOf(rule: string, subject: string): string {
  return `${rule}\u0000${subject}`;
}

/** An open alert of any family (site rules, pipeline watches), as the join needs it. */
export interface OpenKeyedAlert<R extends string> {
  readonly id: string;
  readonly rule: R;
  readonly subject: string;
  readonly track: AlertTrack;
}

/** What one rule sees of one key now; `breach` null means it cannot judge. */
export interface KeyedObservation<R extends string> {
  readonly rule: R;
  readonly subject: string;
  readonly breach: number | null;
}

/** A decision about one key of any alert family, carrying that family's observation. */
export interface KeyedAlertDecision<R extends string, O extends KeyedObservation<R>> {
  readonly rule: R;
  readonly subject: string;
  readonly alertId: string | null;
  readonly previous: AlertTrack | null;
  readonly next: AlertTrack | null;
  readonly notification: NotificationKind | null;
  readonly observation: O | null;
}

/**
 * Joins the open alerts with what the rules see now. A key the rules no longer report counts as clear:
 * the rack moved on, the stage left the route, the rule was switched off. Keys that are neither open nor
 * breached produce no decision, so a quiet round writes nothing.
 */
export function reconcileAlerts(
  open: readonly OpenAlert[],
  observations: readonly RuleObservation[],
  rules: AlertRuleSet,
  now: Date,
): AlertDecision[] {
  return reconcileKeyedAlerts(open, observations, (rule) => rules[RULE_KEYS[rule]], now);
}

/** The join behind `reconcileAlerts`, for any family of alerts keyed by rule and subject. */
export function reconcileKeyedAlerts<R extends string, O extends KeyedObservation<R>>(
  open: readonly OpenKeyedAlert<R>[],
  observations: readonly O[],
  thresholdsOf: (rule: R) => RuleThresholds,
  now: Date,
): KeyedAlertDecision<R, O>[] {
  const openByKey = new Map(open.map((alert) => [keyOf(alert.rule, alert.subject), alert]));
  const decisions: KeyedAlertDecision<R, O>[] = [];
  const seen = new Set<string>();
  for (const observation of observations) {
    const key = keyOf(observation.rule, observation.subject);
    if (seen.has(key)) continue;
    seen.add(key);
    const alert = openByKey.get(key) ?? null;
    const step = advanceAlert(alert?.track ?? null, observation.breach, thresholdsOf(observation.rule), now);
    if (alert === null && step.next === null) continue;
    decisions.push({
      rule: observation.rule,
      subject: observation.subject,
      alertId: alert?.id ?? null,
      previous: alert?.track ?? null,
      next: step.next,
      notification: step.notification,
      observation,
    });
  }
  for (const alert of open) {
    if (seen.has(keyOf(alert.rule, alert.subject))) continue;
    const step = advanceAlert(alert.track, Number.NEGATIVE_INFINITY, thresholdsOf(alert.rule), now);
    decisions.push({
      rule: alert.rule,
      subject: alert.subject,
      alertId: alert.id,
      previous: alert.track,
      next: step.next,
      notification: step.notification,
      observation: null,
    });
  }
  return decisions;
}
