import { describe, expect, it } from '@jest/globals';

import { judgeLots, type LotRecord } from '../disposition/supplier-return.js';
import { composeAlertMessage } from './alert-message.js';
import { DEFAULT_ALERT_RULES, resolveAlertRules, type AlertRuleSet } from './alert-rule-set.js';
import { evaluateAlertRules, lotSubject, type LotEscapeInput, type RuleObservation } from './alert-rules.js';
import { everyHourCalendar as calendar, snapshotOf } from './testing/snapshot-fixtures.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const POLICY = DEFAULT_ALERT_RULES.lotEscape;

const lot = (lotName: string, installed: number, failed: number, partNumber = 'GPU-B200'): LotRecord => ({
  supplierId: 'sup-tw-02',
  lot: lotName,
  partNumber,
  installed,
  failed,
});

describe('judgeLots', () => {
  it('compares a lot with the other lots of its part number', () => {
    // The others: 4 failed of 800 = 5 per 1,000; W47-BAD: 6 of 60 = 100 per 1,000, 100 / (3 × 5) = 6.67.
    const [bad, ...rest] = judgeLots([lot('W45', 400, 2), lot('W46', 400, 2), lot('W47-BAD', 60, 6)], POLICY);

    expect(bad).toMatchObject({
      lot: 'W47-BAD',
      failuresPerThousand: 100,
      baselinePerThousand: 5,
      factor: 3,
    });
    expect(bad!.ratio).toBeCloseTo(6.67, 2);
    expect(rest).toEqual([]); // two failures each: below minFailures, not judged
  });

  it.each([
    ['too few installs to judge', [lot('A', 39, 10), lot('B', 400, 1)]],
    ['too few failures to judge', [lot('A', 100, 2), lot('B', 400, 0)]],
  ])('judges nothing with %s', (_, lots) => {
    expect(judgeLots(lots, POLICY)).toEqual([]);
  });

  it('never takes a baseline below the floor, so one failure-free history does not make every failure an escape', () => {
    const [judged] = judgeLots([lot('A', 1000, 0), lot('B', 200, 3)], POLICY);

    expect(judged).toMatchObject({ lot: 'B', baselinePerThousand: 5, failuresPerThousand: 15 });
    expect(judged!.ratio).toBeCloseTo(1, 5); // exactly at the limit: not above it
  });

  it('keeps part numbers apart: a bad PSU lot is not compared with GPUs', () => {
    const judged = judgeLots([lot('G1', 500, 25), lot('P1', 100, 5, 'PSU-5K5')], POLICY);
    expect(judged.map((entry) => [entry.lot, entry.baselinePerThousand])).toEqual([
      ['G1', 5],
      ['P1', 5],
    ]);
  });
});

function observe(lots: LotEscapeInput, rules: AlertRuleSet = DEFAULT_ALERT_RULES): RuleObservation[] {
  return evaluateAlertRules({
    siteId: 'fab-a',
    snapshot: snapshotOf(NOW, rules.runRateWindowHours, ['assembly', 'burn_in']),
    calendar,
    rules,
    stageOrder: ['assembly', 'burn_in'],
    stuckCandidates: [],
    lots,
  }).filter((observation) => observation.rule === 'lot_escape');
}

describe('the lot_escape rule', () => {
  const records = [lot('W45', 400, 2), lot('W46', 400, 2), lot('W47-BAD', 60, 6)];
  const holders = new Map([
    [
      lotSubject('sup-tw-02', 'W47-BAD'),
      [
        { rackSerial: 'RK-1', shipped: true },
        { rackSerial: 'RK-2', shipped: false },
      ],
    ],
  ]);

  it('observes the escaped lot by supplier and lot, naming the racks that hold it and those not shipped', () => {
    const [observation] = observe({ records, holders });

    expect(observation).toMatchObject({
      subject: 'sup-tw-02/W47-BAD',
      detail: {
        rule: 'lot_escape',
        lot: 'W47-BAD',
        racks: ['RK-1', 'RK-2'],
        notShipped: ['RK-2'],
        failed: 6,
        installed: 60,
      },
    });
    expect(observation!.breach).toBeCloseTo(5.67, 2);
  });

  it('says what a quality engineer needs in the chat message', () => {
    const [observation] = observe({ records, holders });
    const message = composeAlertMessage({
      alertId: '7',
      rule: 'lot_escape',
      subject: observation!.subject,
      notification: 'firing',
      severity: 'critical',
      detail: observation!.detail,
      figures: observation!.figures,
      occurredAt: NOW,
      dashboardUrl: 'http://dash',
    });

    expect(message.title).toBe('Lot escape (sup-tw-02/W47-BAD) at fab-a');
    expect(message.summary).toBe(
      "Lot W47-BAD of sup-tw-02 (GPU-B200): 6 of 60 installed parts failed, 100 per 1,000 against 5 for the part number's other lots (limit 3×). 2 racks (RK-1, RK-2) hold it; not shipped yet: 1 rack (RK-2).",
    );
    expect(message.facts).toEqual(
      expect.arrayContaining([
        { label: 'Lot', value: 'W47-BAD (GPU-B200)' },
        { label: 'Not shipped yet', value: '1 rack (RK-2)' },
      ]),
    );
  });

  it('is silent when disabled, and caps how many lots alert at once', () => {
    expect(observe({ records, holders }, resolveAlertRules({ lotEscape: { enabled: false } }))).toEqual([]);
    // Three lots at 200 per 1,000 against a part number otherwise at 5: all three escape, two may page.
    const many = ['B1', 'B2', 'B3'].map((name) => lot(name, 50, 10, 'NIC-CX8'));
    const quiet = lot('N0', 2000, 10, 'NIC-CX8');
    const capped = observe(
      { records: [...many, quiet], holders: new Map() },
      resolveAlertRules({ lotEscape: { maxAlerts: 2 } }),
    );
    expect(capped.map((observation) => observation.breach === null)).toEqual([false, false, true]);
  });
});
