import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_ALERT_RULES,
  resolveAlertRules,
  validateAlertRules,
  type AlertRuleSet,
} from './alert-rule-set.js';
import {
  evaluateAlertRules,
  stuckCandidateAge,
  type RuleObservation,
  type StuckRackCandidate,
} from './alert-rules.js';
import { DEFAULT_SHIFT_CALENDAR, ShiftCalendar } from './shift-calendar.js';
import {
  computeThroughputSnapshot,
  throughputWindows,
  type ThroughputCounts,
} from './throughput-snapshot.js';
import { snapshotOf } from './testing/snapshot-fixtures.js';
import { WeeklyTargetPolicy } from './weekly-target-policy.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday noon: 357.1 of 1,000 expected
const STAGES = ['assembly', 'burn_in', 'qa', 'ship'];
const calendar = ShiftCalendar.of(DEFAULT_SHIFT_CALENDAR);

function observe(
  counts: Partial<ThroughputCounts>,
  rules: AlertRuleSet = DEFAULT_ALERT_RULES,
  stuck: StuckRackCandidate[] = [],
): RuleObservation[] {
  const snapshot = snapshotOf(NOW, rules.runRateWindowHours, STAGES, counts);
  return evaluateAlertRules({
    siteId: 'site-1',
    snapshot,
    calendar,
    rules,
    stageOrder: STAGES,
    stuckCandidates: stuck,
  });
}

const breachOf = (observations: RuleObservation[], rule: string, subject = '') =>
  observations.find((observation) => observation.rule === rule && observation.subject === subject)?.breach;

const healthyStages = STAGES.map((stage) => ({ stage, passedThisWeek: 360, passedInRunRateWindow: 48 }));

describe('evaluateAlertRules', () => {
  it('measures behind plan as a fraction of what is expected by now', () => {
    const observations = observe({
      completedThisWeek: 300,
      completedInRunRateWindow: 48,
      stages: healthyStages,
    });
    expect(breachOf(observations, 'behind_plan')).toBeCloseTo(
      ((1000 * 60) / 168 - 300) / ((1000 * 60) / 168),
      9,
    );
    expect(observations[0].figures).toMatchObject({ siteId: 'site-1', actual: 300, weekTarget: 1000 });
  });

  it('ignores a deficit smaller than the minimum, however large a fraction', () => {
    const rules = resolveAlertRules({ behindPlan: { minimumDeficit: 60 } });
    expect(breachOf(observe({ completedThisWeek: 300 }, rules), 'behind_plan')).toBe(0);
  });

  it('measures the projected miss against the week target', () => {
    // 300 done + 6/h over 108 h = 948: 5.2 % short.
    const observations = observe({ completedThisWeek: 300, completedInRunRateWindow: 48 });
    expect(breachOf(observations, 'projected_miss')).toBeCloseTo(0.052, 9);
  });

  it('waits for enough of the week before trusting a projection', () => {
    const rules = resolveAlertRules({ projectedMiss: { minimumElapsedHours: 61 } });
    expect(breachOf(observe({ completedThisWeek: 300 }, rules), 'projected_miss')).toBeNull();
  });

  it('reports starvation at the most upstream short stage only', () => {
    const stages = [
      { stage: 'assembly', passedThisWeek: 360, passedInRunRateWindow: 48 }, // 6/h: fine
      { stage: 'burn_in', passedThisWeek: 300, passedInRunRateWindow: 16 }, // 2/h: the bottleneck
      { stage: 'qa', passedThisWeek: 290, passedInRunRateWindow: 16 }, // starved by burn-in
      { stage: 'ship', passedThisWeek: 290, passedInRunRateWindow: 16 },
    ];
    const starvation = observe({ stages }).filter((observation) => observation.rule === 'stage_starvation');
    expect(
      starvation.map((observation) => [
        observation.subject,
        observation.breach === null ? null : Number(observation.breach.toFixed(3)),
      ]),
    ).toEqual([
      ['assembly', -0.008],
      ['burn_in', 0.664],
      ['qa', null],
    ]);
    expect(starvation[1].detail).toMatchObject({ stage: 'burn_in', nextStage: 'qa', ratePerHour: 2 });
  });

  it('times stuck racks in production hours against their stage limit', () => {
    const shiftCalendar = ShiftCalendar.of({
      timeZone: 'UTC',
      weekStartsOn: 'monday',
      shifts: { wednesday: [{ start: '00:00', end: '24:00' }], tuesday: [{ start: '00:00', end: '12:00' }] },
      holidays: [],
    });
    const snapshot = computeThroughputSnapshot({
      calendar: shiftCalendar,
      targets: new WeeklyTargetPolicy([]),
      windows: throughputWindows(shiftCalendar, NOW, 8),
      counts: { completedThisWeek: 0, completedInRunRateWindow: 0, stages: [], firstOutcomes: [] },
      stageOrder: STAGES,
    });
    const stuck = evaluateAlertRules({
      siteId: 'site-1',
      snapshot,
      calendar: shiftCalendar,
      rules: DEFAULT_ALERT_RULES,
      stageOrder: STAGES,
      stuckCandidates: [
        // In QA since Monday noon: 48 wall hours, but only 12 + 12 production hours; QA's limit is 6.
        {
          serial: 'RK-1',
          stage: 'qa',
          status: 'in_progress',
          stateEnteredAt: new Date('2026-11-23T12:00:00Z'),
        },
        // Held since Tuesday 10:00: 2 + 12 production hours of a 24-hour hold limit.
        {
          serial: 'RK-2',
          stage: 'burn_in',
          status: 'on_hold',
          stateEnteredAt: new Date('2026-11-24T10:00:00Z'),
        },
      ],
    }).filter((observation) => observation.rule === 'stuck_rack');
    expect(stuck.map((observation) => [observation.subject, observation.breach])).toEqual([
      ['RK-1', 3],
      ['RK-2', 14 / 24 - 1],
    ]);
    expect(stuck[0].detail).toMatchObject({ hoursInState: 24, limitHours: 6, clock: 'production' });
  });

  it('lets only the worst racks alert when many are stuck at once', () => {
    const rules = resolveAlertRules({ stuckRack: { maxAlerts: 1, clock: 'wall' } });
    const racks = ['RK-1', 'RK-2'].map((serial, index) => ({
      serial,
      stage: 'qa',
      status: 'failed',
      stateEnteredAt: new Date(NOW.getTime() - (10 + index) * 3_600_000),
    }));
    const stuck = observe({}, rules, racks).filter((observation) => observation.rule === 'stuck_rack');
    expect(stuck.map((observation) => [observation.subject, observation.breach])).toEqual([
      ['RK-2', 11 / 6 - 1],
      ['RK-1', null],
    ]);
  });

  it('judges first-pass yield against its floor only on a large enough sample', () => {
    const observations = observe({
      // burn_in: 30 of 40 passed first time; qa: 1 of 10.
      firstOutcomes: [
        { stage: 'burn_in', model: 'gb200', passedFirstTime: true, attempts: 1, racks: 30 },
        { stage: 'burn_in', model: 'gb200', passedFirstTime: false, attempts: 2, racks: 10 },
        { stage: 'qa', model: 'gb200', passedFirstTime: true, attempts: 1, racks: 1 },
        { stage: 'qa', model: 'gb200', passedFirstTime: false, attempts: 2, racks: 9 },
      ],
    });
    expect(breachOf(observations, 'yield_drop', 'burn_in')).toBeCloseTo(0.85 - 0.75, 9);
    expect(breachOf(observations, 'yield_drop', 'qa')).toBeNull();
  });

  it('says nothing for a disabled rule', () => {
    const rules = resolveAlertRules({ behindPlan: { enabled: false }, stuckRack: { enabled: false } });
    expect(observe({}, rules).some((observation) => observation.rule === 'behind_plan')).toBe(false);
  });
});

describe('rule set', () => {
  it('lays overrides over the defaults, replacing per-stage maps whole', () => {
    const rules = resolveAlertRules({ behindPlan: { tolerance: 0.1 }, yieldDrop: { floors: { qa: 0.9 } } });
    expect(rules.behindPlan).toEqual({ ...DEFAULT_ALERT_RULES.behindPlan, tolerance: 0.1 });
    expect(rules.yieldDrop.floors).toEqual({ qa: 0.9 });
  });

  it('finds relations between fields that do not hold', () => {
    const rules = resolveAlertRules({
      behindPlan: { tolerance: 0.05, hysteresis: 0.1, escalateAbove: 0.05 },
      stuckRack: { limitsHours: { 'Burn In': 4, qa: 0 } },
    });
    expect(validateAlertRules(rules)).toEqual([
      { path: 'behindPlan.hysteresis', reason: 'hysteresis (0.1) must not exceed tolerance (0.05)' },
      { path: 'behindPlan.escalateAbove', reason: 'escalateAbove (0.05) must be above tolerance (0.05)' },
      { path: 'stuckRack.limitsHours.Burn In', reason: 'stage names must match ^[a-z][a-z0-9_]{0,39}$' },
      { path: 'stuckRack.limitsHours.qa', reason: 'must be a number above 0 and at most 8760' },
    ]);
    expect(validateAlertRules(DEFAULT_ALERT_RULES)).toEqual([]);
  });

  it('reads only racks old enough to be over the smallest limit', () => {
    expect(stuckCandidateAge(DEFAULT_ALERT_RULES)).toBe(4 * 3_600_000);
  });
});
