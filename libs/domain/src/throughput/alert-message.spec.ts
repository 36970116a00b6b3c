import { describe, expect, it } from '@jest/globals';
import { composeAlertMessage } from './alert-message.js';
import type { SiteFigures } from './alert-rules.js';

const FIGURES: SiteFigures = {
  siteId: 'site-1',
  timeZone: 'Europe/Berlin',
  weekStart: '2026-11-22T23:00:00.000Z',
  weekEnd: '2026-11-29T23:00:00.000Z',
  weekTarget: 1000,
  expectedByNow: 450,
  actual: 380,
  projected: 871.6,
  projectionMethod: 'run_rate',
  runRatePerHour: 5.46,
  runRateWindowHours: 8,
  productionHoursRemaining: 90,
};

describe('composeAlertMessage', () => {
  it('says what is behind, by how much, and the projection', () => {
    const message = composeAlertMessage({
      alertId: '17',
      rule: 'behind_plan',
      subject: '',
      notification: 'firing',
      severity: 'warning',
      detail: { rule: 'behind_plan', deficit: 70, shortfall: 70 / 450 },
      figures: FIGURES,
      occurredAt: new Date('2026-11-25T09:00:00Z'),
      dashboardUrl: 'http://dashboard.example/?site=site-1',
    });
    expect(message.title).toBe('Behind plan at site-1');
    expect(message.summary).toBe(
      '380 racks completed this week against 450 expected by now: 70 behind plan (15.6%).',
    );
    expect(message.outlook).toBe(
      'Week so far: 380 of 1,000 completed, 450 expected by now; projected 872 by Mon 30 Nov 00:00 GMT+1.',
    );
    expect(message.facts).toContainEqual({ label: 'Behind plan by', value: '70 racks' });
    expect(message.facts).toContainEqual({ label: 'Projected by week end', value: '872 of 1,000' });
  });

  it('titles escalations, reminders and resolutions, with the subject', () => {
    const base = {
      alertId: '1',
      severity: 'critical' as const,
      figures: FIGURES,
      occurredAt: new Date(),
      dashboardUrl: 'http://x/',
    };
    expect(
      composeAlertMessage({
        ...base,
        rule: 'stuck_rack',
        subject: 'RK-9',
        notification: 'escalated',
        detail: null,
      }).title,
    ).toBe('Escalated: Stuck rack RK-9 at site-1');
    expect(
      composeAlertMessage({
        ...base,
        rule: 'yield_drop',
        subject: 'qa',
        notification: 'reminder',
        detail: null,
      }).title,
    ).toBe('Still firing: First-pass yield drop (qa) at site-1');
    const resolved = composeAlertMessage({
      ...base,
      rule: 'behind_plan',
      subject: '',
      notification: 'resolved',
      detail: { rule: 'behind_plan', deficit: -3, shortfall: -0.01 },
    });
    expect(resolved.title).toBe('Resolved: Behind plan at site-1');
    expect(resolved.summary).toBe(
      'Back within tolerance: 380 racks completed this week against 450 expected by now.',
    );
  });
});
