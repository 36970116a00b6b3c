import { describe, expect, it } from '@jest/globals';
import type { BurnInBoard, BurnInCapacity, BurnInSlot, Soak } from './api-types.js';
import {
  capacityBasis,
  capacityVerdict,
  describeForecast,
  describeHold,
  describeQueue,
  describeSoak,
  formatHours,
  formatPower,
  formatSigned,
  formatUtilisation,
  hasBurnIn,
  historyNote,
  rackNotes,
  slotDetail,
  describeDisposition,
} from './burn-in-format.js';

const capacity = (overrides: Partial<BurnInCapacity>): BurnInCapacity => ({
  requiredPositions: 430,
  availablePositions: 384,
  margin: -46,
  weeklyTarget: 1000,
  soakHours: 72,
  retestRate: 0.05,
  ...overrides,
});

const slot = (overrides: Partial<BurnInSlot>): BurnInSlot => ({
  position: 1,
  state: 'running',
  rackSerial: 'RK-1',
  startedAt: '2026-11-20T00:00:00.000Z',
  dueAt: '2026-11-23T00:00:00.000Z',
  remainingHours: 61.6,
  holdReason: null,
  ...overrides,
});

const soak = (overrides: Partial<Soak>): Soak => ({
  stage: 'burn_in',
  startedAt: '2026-11-20T00:00:00.000Z',
  retest: false,
  soakedHours: 10,
  requiredHours: 72,
  remainingHours: 62,
  dueAt: '2026-11-23T00:00:00.000Z',
  overrunAt: null,
  onHold: false,
  ...overrides,
});

describe('burn-in capacity verdict', () => {
  it.each([
    ['short', capacity({}), 'short', 'needs 430 positions, has 384: −46'],
    [
      'with room',
      capacity({ requiredPositions: 300, margin: 84 }),
      'enough',
      'needs 300 positions, has 384: +84',
    ],
    [
      'exactly enough',
      capacity({ requiredPositions: 384, margin: 0 }),
      'enough',
      'needs 384 positions, has 384: 0',
    ],
    [
      'one position, thousands',
      capacity({ requiredPositions: 1, availablePositions: 1200, margin: 1199 }),
      'enough',
      'needs 1 position, has 1,200: +1,199',
    ],
  ])('%s', (_case, given, state, text) => {
    expect(capacityVerdict(given)).toEqual({ state, text });
  });

  it('says there is nothing to judge without a dwell, and what the verdict rests on otherwise', () => {
    expect(capacityVerdict(null).state).toBe('unknown');
    expect(capacityBasis(null)).toBe('');
    expect(capacityBasis(capacity({}))).toBe('target 1,000/week · soak 72 h · retest 5 %');
  });
});

describe('burn-in numbers', () => {
  it.each([
    [46, '+46'],
    [-46, '−46'],
    [0, '0'],
    [-0.4, '0'],
    [-1494, '−1,494'],
  ])('writes %p as %p', (value, text) => {
    expect(formatSigned(value)).toBe(text);
  });

  it.each([
    [0.5, '30 min'],
    [4.54, '4.5 h'],
    [4, '4 h'],
    [61.6, '62 h'],
    [130, '130 h'],
    [-1, '–'],
    [null, '–'],
  ])('shows %p hours as %p', (hours, text) => {
    expect(formatHours(hours)).toBe(text);
  });

  it('shows utilisation as a whole percentage and power in kW', () => {
    expect([formatUtilisation(0.833), formatUtilisation(1), formatUtilisation(Number.NaN)]).toEqual([
      '83 %',
      '100 %',
      '–',
    ]);
    expect([formatPower(300), formatPower(12_540.4)]).toEqual(['300 kW', '12,540 kW']);
  });
});

describe('burn-in queue and forecast', () => {
  it.each([
    [{ count: 0, oldestSerial: null, oldestWaitingSince: null, oldestWaitingHours: null }, 'nothing waiting'],
    [
      {
        count: 2,
        oldestSerial: 'RK-Q1',
        oldestWaitingSince: '2026-11-20T00:00:00Z',
        oldestWaitingHours: 6.02,
      },
      '2 waiting · oldest RK-Q1 waiting 6 h',
    ],
    [
      { count: 1, oldestSerial: 'RK-Q1', oldestWaitingSince: null, oldestWaitingHours: null },
      '1 waiting · oldest RK-Q1',
    ],
  ])('describes a queue', (queue, text) => {
    expect(describeQueue(queue)).toBe(text);
  });

  it('names the projection method', () => {
    expect(describeForecast({ method: 'pipeline', projected: 812.4, explanation: '' })).toEqual({
      figure: '812',
      method: 'from the burn-in pipeline',
    });
    expect(describeForecast({ method: 'run_rate', projected: 1200, explanation: '' }).method).toBe(
      'from the run rate',
    );
  });
});

describe('burn-in positions', () => {
  const now = new Date('2026-11-25T10:00:00.000Z');

  it.each([
    ['free', slot({ state: 'free', rackSerial: null, startedAt: null, remainingHours: null }), 'free'],
    ['running', slot({}), '62 h left'],
    ['running, nearly done', slot({ remainingHours: 0.25 }), '15 min left'],
    ['due', slot({ state: 'due', remainingHours: 0 }), 'due'],
    ['overdue', slot({ state: 'overdue', startedAt: '2026-11-20T00:00:00.000Z' }), 'overdue · 130 h in'],
    ['failed', slot({ state: 'failed' }), 'failed'],
    [
      'held with a reason',
      slot({ state: 'held', holdReason: { reason: 'leak detector warning', reasonCode: 'quality' } }),
      'held · leak detector warning (quality)',
    ],
    ['held without one', slot({ state: 'held', holdReason: null }), 'held · no reason given'],
  ])('%s', (_case, given, text) => {
    expect(slotDetail(given, now)).toBe(text);
  });
});

describe('a rack in burn-in or on hold', () => {
  it.each([
    [{ reason: 'chiller trip on loop 3', reasonCode: 'facility' }, 'chiller trip on loop 3 (facility)'],
    [{ reason: null, reasonCode: 'customer_request' }, 'customer request'],
    [{ reason: 'waiting for a part', reasonCode: null }, 'waiting for a part'],
    [{ reason: null, reasonCode: null }, 'no reason given'],
    [null, ''],
  ])('says why it is held', (hold, text) => {
    expect(describeHold(hold)).toBe(text);
  });

  it.each([
    ['soaking', { cell: 'BI-1', position: 3 }, soak({}), 'at BI-1 #3 · 62 h of 72 h soak left'],
    [
      'a retest on hold',
      { cell: 'BI-2', position: 1 },
      soak({ retest: true, onHold: true, requiredHours: 24, remainingHours: 4.5 }),
      'at BI-2 #1 · 4.5 h of 24 h soak left, retest, clock stopped on hold',
    ],
    ['done soaking', null, soak({ remainingHours: 0, soakedHours: 80 }), 'soak done (80 h)'],
    ['not in burn-in', null, null, ''],
  ])('%s', (_case, location, given, text) => {
    expect(describeSoak(location, given)).toBe(text);
  });
});

describe('notes on a rack and its timeline', () => {
  it.each([
    ['nowhere special', { holdReason: null, location: null, soak: null }, []],
    [
      'soaking',
      { holdReason: null, location: { cell: 'BI-1', position: 1 }, soak: soak({}) },
      ['at BI-1 #1 · 62 h of 72 h soak left'],
    ],
    [
      'held in burn-in',
      {
        holdReason: { reason: 'leak detector warning', reasonCode: 'quality' },
        location: { cell: 'BI-2', position: 2 },
        soak: soak({ onHold: true }),
      },
      ['held: leak detector warning (quality)', 'at BI-2 #2 · 62 h of 72 h soak left, clock stopped on hold'],
    ],
  ])('%s', (_case, rack, notes) => {
    expect(rackNotes(rack)).toEqual(notes);
  });

  it.each([
    ['an ordinary event', { location: null, reason: null, reasonCode: null }, ''],
    [
      'a burn-in start',
      { location: { cell: 'BI-1', position: 4 }, reason: null, reasonCode: null },
      'BI-1 #4',
    ],
    ['a hold', { location: null, reason: 'chiller trip', reasonCode: 'facility' }, 'chiller trip (facility)'],
    ['a release with a code only', { location: null, reason: null, reasonCode: 'cleared' }, 'cleared'],
  ])('%s', (_case, entry, note) => {
    expect(historyNote(entry)).toBe(note);
  });
});

describe('whether a site has burn-in', () => {
  const board = (overrides: Partial<BurnInBoard>) =>
    ({ cells: [], capacity: null, ...overrides }) as BurnInBoard;

  it.each([
    ['no board (404)', null, false],
    ['no dwell and no cells', board({}), false],
    ['a dwell', board({ capacity: capacity({}) }), true],
    ['cells only', board({ cells: [{ cellId: 'BI-1', positions: 2, kwPerPosition: 100, slots: [] }] }), true],
  ])('%s', (_case, given, expected) => {
    expect(hasBurnIn(given)).toBe(expected);
  });
});

describe('describeDisposition', () => {
  it('names the code, the part and the action, and says when it was a repeat', () => {
    expect(
      describeDisposition({
        code: 'XID-79',
        componentSerial: 'GPU-1',
        action: 'replace_part',
        occurrence: 2,
      }),
    ).toBe('XID-79 on GPU-1 → replace part (repeat 2)');
    expect(
      describeDisposition({
        code: 'LEAK-CRITICAL',
        componentSerial: null,
        action: 'engineering_hold',
        occurrence: 1,
      }),
    ).toBe('LEAK-CRITICAL → engineering hold');
  });
});
