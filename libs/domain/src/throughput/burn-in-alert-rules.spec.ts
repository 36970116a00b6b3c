import { describe, expect, it } from '@jest/globals';

import { siteBurnInOf, type SiteBurnInFacts } from '../burn-in/site-burn-in.js';
import type { PositionHolder } from '../burn-in/burn-in-board.js';
import { composeAlertMessage } from './alert-message.js';
import { DEFAULT_ALERT_RULES, resolveAlertRules, type AlertRuleSet } from './alert-rule-set.js';
import { evaluateAlertRules, type RuleObservation, type StuckRackCandidate } from './alert-rules.js';
import { everyHourCalendar as calendar, snapshotOf } from './testing/snapshot-fixtures.js';

const HOUR_MS = 3_600_000;
const NOW = new Date('2026-11-25T12:00:00Z');
const STAGES = ['assembly', 'burn_in', 'qa'];
const hoursAgo = (hours: number): Date => new Date(NOW.getTime() - hours * HOUR_MS);
const DWELL = { minHours: 72, maxHours: 120, retestMinHours: 24 };

const soaking = (serial: string, position: number, startedHoursAgo: number): PositionHolder => ({
  serial,
  location: { cell: 'BI-B1', position },
  status: 'in_progress',
  soak: {
    stage: 'burn_in',
    startedAt: hoursAgo(startedHoursAgo),
    heldMs: 0,
    holdStartedAt: null,
    retest: false,
  },
  dwell: DWELL,
  holdReason: null,
});

function facts(overrides: Partial<SiteBurnInFacts> = {}): SiteBurnInFacts {
  return {
    cells: [{ siteId: 'fab-b', cellId: 'BI-B1', positions: 384, kwPerPosition: 132 }],
    holders: [],
    queue: { count: 0, oldestSerial: null, oldestSince: null },
    pastBurnIn: [],
    measures: {
      passes: 100,
      failures: 0,
      arrivals: 0,
      downstreamHours: 12,
      pullHours: null,
      reworkHours: null,
    },
    windowHours: 168,
    dwell: { stage: 'burn_in', dwell: DWELL },
    ...overrides,
  };
}

function observe(
  burnIn: SiteBurnInFacts,
  rules: AlertRuleSet = DEFAULT_ALERT_RULES,
  stuck: StuckRackCandidate[] = [],
): RuleObservation[] {
  const snapshot = snapshotOf(NOW, rules.runRateWindowHours, STAGES);
  return evaluateAlertRules({
    siteId: 'fab-b',
    snapshot,
    calendar,
    rules,
    stageOrder: STAGES,
    stuckCandidates: stuck,
    burnIn: siteBurnInOf(burnIn, NOW, 1000),
  });
}

const only = (observations: RuleObservation[], rule: string) =>
  observations.filter((observation) => observation.rule === rule);

describe('burn_in_capacity', () => {
  it.each([
    [384, (429 - 384) / 429],
    [429, 0],
    [480, -51 / 429],
  ])('with %d positions for the 429 that 1,000 racks a week need, breaches by %d', (positions, breach) => {
    const [observation] = only(
      observe(facts({ cells: [{ siteId: 'fab-b', cellId: 'BI-B1', positions, kwPerPosition: 132 }] })),
      'burn_in_capacity',
    );
    expect(observation?.breach).toBeCloseTo(breach, 6);
  });

  it('says what it needs and what it has, in every chat message', () => {
    const [observation] = only(observe(facts()), 'burn_in_capacity');
    const message = composeAlertMessage({
      alertId: '1',
      rule: 'burn_in_capacity',
      subject: '',
      notification: 'firing',
      severity: 'warning',
      detail: observation!.detail,
      figures: observation!.figures,
      occurredAt: NOW,
      dashboardUrl: 'http://dashboard.example/',
    });
    expect(message.title).toBe('Burn-in short of positions at fab-b');
    expect(message.summary).toBe(
      'Burn-in needs 429 positions for 1,000 racks a week (72.0 h soak, 0% retests) and has 384: -45.',
    );
    expect(message.facts).toContainEqual({ label: 'Positions there are', value: '384 (-45)' });
  });

  it('cannot judge a site whose routes have no dwell', () => {
    const [observation] = only(observe(facts({ dwell: null })), 'burn_in_capacity');
    expect(observation?.breach).toBeNull();
  });
});

describe('idle_positions', () => {
  it.each([
    ['free positions while the oldest waited 3 h of 2', 384, 3, 0.5],
    ['free positions while the oldest waited 1 h', 384, 1, -0.5],
    ['no free position, however long racks wait', 0, 30, -1],
  ])('%s', (_name, positions, waited, breach) => {
    const holders = positions === 0 ? [soaking('RK-1', 1, 10)] : [];
    const cells = [
      { siteId: 'fab-b', cellId: 'BI-B1', positions: Math.max(positions, 1), kwPerPosition: 132 },
    ];
    const [observation] = only(
      observe(
        facts({ cells, holders, queue: { count: 5, oldestSerial: 'RK-Q', oldestSince: hoursAgo(waited) } }),
      ),
      'idle_positions',
    );
    expect(observation?.breach).toBeCloseTo(breach, 6);
  });
});

describe('dwell_overrun', () => {
  it('alerts per rack soaking past its maximum, and leaves those within it unobserved', () => {
    const observations = only(
      observe(facts({ holders: [soaking('RK-OK', 1, 100), soaking('RK-LATE', 2, 150)] })),
      'dwell_overrun',
    );
    expect(observations.map((observation) => [observation.subject, observation.breach])).toEqual([
      ['RK-LATE', 0.25],
    ]);
    expect(observations[0]?.detail).toMatchObject({
      cell: 'BI-B1',
      position: 2,
      soakedHours: 150,
      maxHours: 120,
    });
  });

  it('can be switched off per site like every rule', () => {
    const rules = resolveAlertRules({ dwellOverrun: { enabled: false } });
    expect(only(observe(facts({ holders: [soaking('RK-LATE', 2, 150)] }), rules), 'dwell_overrun')).toEqual(
      [],
    );
  });
});

describe('stuck_rack and soaking racks', () => {
  it('does not call a rack stuck for soaking its minimum; dwell_overrun watches its maximum', () => {
    const candidate = {
      serial: 'RK-SOAK',
      stage: 'burn_in',
      status: 'in_progress',
      stateEnteredAt: hoursAgo(60),
    };
    const stuck = (soakingNow: boolean) =>
      only(observe(facts(), DEFAULT_ALERT_RULES, [{ ...candidate, soaking: soakingNow }]), 'stuck_rack');
    expect(stuck(true)).toEqual([]);
    expect(stuck(false).map((observation) => observation.subject)).toEqual(['RK-SOAK']);
  });
});
