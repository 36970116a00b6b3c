import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { advanceAlert, type AlertTrack } from './alert-lifecycle.js';
import { DEFAULT_ALERT_RULES, type RuleThresholds } from './alert-rule-set.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

// Behind plan's defaults: fire above 5 % after 30 min, clear at 3 %, escalate above 15 %, remind every 4 h.
const RULE: RuleThresholds = DEFAULT_ALERT_RULES.behindPlan;

function run(rule: RuleThresholds, steps: readonly (readonly [minute: number, breach: number | null])[]) {
  let track: AlertTrack | null = null;
  return steps.map(([minute, breach]) => {
    const step = advanceAlert(track, breach, rule, at(minute));
    track = step.next;
    return {
      minute,
      status: track?.status ?? 'closed',
      severity: track?.severity ?? null,
      notification: step.notification,
    };
  });
}

describe('advanceAlert: grace, hysteresis, escalation and cool-down', () => {
  it('follows one alert through its life', () => {
    expect(
      run(RULE, [
        [0, 0.06], // breached: pending, nobody told
        [10, 0.04], // back within tolerance before the grace ran out: forgotten
        [20, 0.06], // pending again, grace restarts
        [40, 0.07], // 20 min in: still pending
        [50, 0.07], // 30 min in: fires
        [60, 0.04], // inside tolerance but not past the hysteresis band (3 %): still firing, quiet
        [70, 0.06],
        [80, 0.2], // past 15 %: escalated
        [90, 0.14], // under 15 % but not under 13 %: stays critical
        [100, 0.12], // under 13 %: back to warning, silently
        [110, 0.16], // escalates again: that is news
        [349, 0.16], // 239 min since last told: quiet
        [350, 0.16], // 240 min: reminder
        [360, 0.03], // at the clearing line: resolved
        [370, 0.03], // nothing open, nothing breached
      ]),
    ).toEqual([
      { minute: 0, status: 'pending', severity: 'warning', notification: null },
      { minute: 10, status: 'closed', severity: null, notification: null },
      { minute: 20, status: 'pending', severity: 'warning', notification: null },
      { minute: 40, status: 'pending', severity: 'warning', notification: null },
      { minute: 50, status: 'firing', severity: 'warning', notification: 'firing' },
      { minute: 60, status: 'firing', severity: 'warning', notification: null },
      { minute: 70, status: 'firing', severity: 'warning', notification: null },
      { minute: 80, status: 'firing', severity: 'critical', notification: 'escalated' },
      { minute: 90, status: 'firing', severity: 'critical', notification: null },
      { minute: 100, status: 'firing', severity: 'warning', notification: null },
      { minute: 110, status: 'firing', severity: 'critical', notification: 'escalated' },
      { minute: 349, status: 'firing', severity: 'critical', notification: null },
      { minute: 350, status: 'firing', severity: 'critical', notification: 'reminder' },
      { minute: 360, status: 'closed', severity: null, notification: 'resolved' },
      { minute: 370, status: 'closed', severity: null, notification: null },
    ]);
  });

  it('fires at once, already critical, when there is no grace and it is far gone', () => {
    expect(run({ ...RULE, graceMinutes: 0 }, [[0, 0.5]])).toEqual([
      { minute: 0, status: 'firing', severity: 'critical', notification: 'firing' },
    ]);
  });

  it('holds its state while the rule cannot judge', () => {
    expect(
      run({ ...RULE, graceMinutes: 0 }, [
        [0, 0.1],
        [5, null],
        [10, null],
        [15, 0.0],
      ]).map((step) => step.notification),
    ).toEqual(['firing', null, null, 'resolved']);
    // Unknown never starts the grace clock either.
    expect(
      run(RULE, [
        [0, null],
        [60, null],
      ]).map((step) => step.status),
    ).toEqual(['closed', 'closed']);
  });

  it('never escalates a rule that is critical to begin with, and sends no reminders with cool-down 0', () => {
    const critical: RuleThresholds = { ...RULE, severity: 'critical', graceMinutes: 0, cooldownMinutes: 0 };
    expect(
      run(critical, [
        [0, 0.1],
        [1, 0.9],
        [10_000, 0.9],
      ]).map((step) => step.notification),
    ).toEqual(['firing', null, null]);
  });

  it('keeps the peak severity, so a resolve reaches channels that only take critical alerts', () => {
    let track: AlertTrack | null = null;
    for (const [minute, breach] of [
      [0, 0.2],
      [31, 0.2],
      [40, 0.06],
    ] as const)
      track = advanceAlert(track, breach, RULE, at(minute)).next;
    expect(track).toMatchObject({ status: 'firing', severity: 'warning', peakSeverity: 'critical' });
  });

  it('keeps its promises for any sequence of readings', () => {
    const reading = fc.option(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { nil: null, freq: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), reading), { maxLength: 80 }),
        (steps) => {
          let minute = 0;
          let track: AlertTrack | null = null;
          let firing = false;
          let lastTold = -Infinity;
          for (const [gap, breach] of steps) {
            minute += gap;
            const step = advanceAlert(track, breach, RULE, at(minute));
            const announced = step.notification !== null;
            // An alert is announced once, and only what was announced is ever resolved, escalated or reminded.
            expect(!announced || firing === (step.notification !== 'firing')).toBe(true);
            expect(step.notification !== 'reminder' || minute - lastTold >= RULE.cooldownMinutes).toBe(true);
            // Nothing changes on an unknown reading.
            expect(breach !== null || step.next === track).toBe(true);
            // Hysteresis: a firing alert only clears at or below tolerance - hysteresis.
            expect(
              step.notification !== 'resolved' ||
                (breach !== null && breach <= RULE.tolerance - RULE.hysteresis),
            ).toBe(true);
            if (announced) {
              lastTold = minute;
              firing = step.notification !== 'resolved';
            }
            track = step.next;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
