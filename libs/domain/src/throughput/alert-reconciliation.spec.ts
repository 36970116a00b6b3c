import { describe, expect, it } from '@jest/globals';
import type { AlertTrack } from './alert-lifecycle.js';
import { reconcileAlerts, type OpenAlert } from './alert-reconciliation.js';
import { DEFAULT_ALERT_RULES } from './alert-rule-set.js';
import type { RuleObservation, SiteFigures } from './alert-rules.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const EARLIER = new Date('2026-11-25T10:00:00Z');
const FIGURES: SiteFigures = {
  siteId: 'site-1',
  timeZone: 'UTC',
  weekStart: '2026-11-23T00:00:00.000Z',
  weekEnd: '2026-11-30T00:00:00.000Z',
  weekTarget: 1000,
  expectedByNow: 357,
  actual: 300,
  projected: 840,
  projectionMethod: 'run_rate',
  runRatePerHour: 5,
  runRateWindowHours: 8,
  productionHoursRemaining: 108,
};
const FIRING: AlertTrack = {
  status: 'firing',
  severity: 'warning',
  peakSeverity: 'warning',
  pendingSince: EARLIER,
  firedAt: EARLIER,
  lastNotifiedAt: EARLIER,
};
const PENDING: AlertTrack = {
  status: 'pending',
  severity: 'warning',
  peakSeverity: 'warning',
  pendingSince: NOW,
  firedAt: null,
  lastNotifiedAt: null,
};

const observation = (
  rule: RuleObservation['rule'],
  subject: string,
  breach: number | null,
): RuleObservation => ({ rule, subject, breach, detail: null, figures: FIGURES });

describe('reconcileAlerts', () => {
  it('opens, keeps, resolves and forgets by rule and subject', () => {
    const open: OpenAlert[] = [
      { id: '1', rule: 'behind_plan', subject: '', track: FIRING },
      { id: '2', rule: 'stuck_rack', subject: 'RK-1', track: FIRING }, // the rack moved on: not observed
      { id: '3', rule: 'stuck_rack', subject: 'RK-2', track: PENDING }, // moved on before anyone was told
      { id: '4', rule: 'yield_drop', subject: 'qa', track: FIRING }, // sample too small: held
    ];
    const decisions = reconcileAlerts(
      open,
      [
        observation('behind_plan', '', 0.1),
        observation('projected_miss', '', 0.01),
        observation('stuck_rack', 'RK-3', 0.5),
        observation('yield_drop', 'qa', null),
      ],
      DEFAULT_ALERT_RULES,
      NOW,
    );
    expect(
      decisions.map((decision) => [
        decision.alertId,
        decision.rule,
        decision.subject,
        decision.next?.status ?? 'closed',
        decision.notification,
      ]),
    ).toEqual([
      ['1', 'behind_plan', '', 'firing', null],
      [null, 'stuck_rack', 'RK-3', 'firing', 'firing'],
      ['4', 'yield_drop', 'qa', 'firing', null],
      ['2', 'stuck_rack', 'RK-1', 'closed', 'resolved'],
      ['3', 'stuck_rack', 'RK-2', 'closed', null],
    ]);
  });
});
