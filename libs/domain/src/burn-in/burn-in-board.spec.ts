import { describe, expect, it } from '@jest/globals';

import type { StageDwell } from '../rack/rack-route.js';
import {
  boardCells,
  boardTotals,
  burnInCapacity,
  requiredPositions,
  slotOf,
  type PositionHolder,
} from './burn-in-board.js';
import type { BurnInCell } from './burn-in-location.js';

const HOUR_MS = 3_600_000;
const NOW = new Date('2026-11-26T12:00:00.000Z');
const hoursAgo = (hours: number): Date => new Date(NOW.getTime() - hours * HOUR_MS);
const DWELL: StageDwell = { minHours: 72, maxHours: 120, retestMinHours: 24 };

const holder = (position: number, overrides: Partial<PositionHolder> = {}): PositionHolder => ({
  serial: `RK-${position}`,
  location: { cell: 'BI-A1', position },
  status: 'in_progress',
  soak: { stage: 'burn_in', startedAt: hoursAgo(10), heldMs: 0, holdStartedAt: null, retest: false },
  dwell: DWELL,
  holdReason: null,
  ...overrides,
});

describe('required positions (Little’s law)', () => {
  it.each([
    [{ weeklyTarget: 1000, soakHours: 72, retestHours: 24, retestRate: 0 }, 429],
    [{ weeklyTarget: 1000, soakHours: 72, retestHours: 24, retestRate: 0.1 }, 443],
    [{ weeklyTarget: 500, soakHours: 48, retestHours: 24, retestRate: 0 }, 143],
    [{ weeklyTarget: 0, soakHours: 72, retestHours: 24, retestRate: 0 }, 0],
  ])('%j needs %d positions', (input, positions) => {
    expect(requiredPositions(input)).toBe(positions);
  });

  it('gives the verdict against the positions the cells have', () => {
    const cells: BurnInCell[] = [
      { siteId: 'fab-b', cellId: 'BI-B1', positions: 192, kwPerPosition: 132 },
      { siteId: 'fab-b', cellId: 'BI-B2', positions: 192, kwPerPosition: 132 },
    ];
    expect(
      burnInCapacity(cells, { weeklyTarget: 1000, soakHours: 72, retestHours: 24, retestRate: 0 }),
    ).toMatchObject({
      requiredPositions: 429,
      availablePositions: 384,
      margin: -45,
    });
  });
});

describe('a position as the board shows it', () => {
  it.each([
    ['running with time left', holder(1), 'running', 62],
    [
      'due once the soak is done',
      holder(1, { soak: { ...holder(1).soak!, startedAt: hoursAgo(80) } }),
      'due',
      0,
    ],
    [
      'overdue past its maximum',
      holder(1, { soak: { ...holder(1).soak!, startedAt: hoursAgo(130) } }),
      'overdue',
      0,
    ],
    ['failed awaiting rework', holder(1, { status: 'failed' }), 'failed', 62],
    ['in rework', holder(1, { status: 'rework' }), 'failed', 62],
    [
      'held, its clock stopped',
      holder(1, {
        status: 'on_hold',
        soak: { ...holder(1).soak!, holdStartedAt: hoursAgo(4) },
        holdReason: { reason: 'chiller trip', reasonCode: 'facility' },
      }),
      'held',
      66,
    ],
  ] as const)('%s', (_name, rack, state, remainingHours) => {
    expect(slotOf(rack, NOW)).toMatchObject({ state, remainingHours, rackSerial: 'RK-1' });
  });

  it('shows the hold reason only while held', () => {
    const held = holder(1, { status: 'on_hold', holdReason: { reason: 'MRB', reasonCode: 'mrb' } });
    expect(slotOf(held, NOW).holdReason).toEqual({ reason: 'MRB', reasonCode: 'mrb' });
  });
});

describe('the board of a site', () => {
  const cells: BurnInCell[] = [
    { siteId: 'fab-a', cellId: 'BI-A2', positions: 2, kwPerPosition: 100 },
    { siteId: 'fab-a', cellId: 'BI-A1', positions: 4, kwPerPosition: 132 },
  ];

  it('lays out every position of every cell, free ones included, and totals them', () => {
    const board = boardCells(
      cells,
      [holder(1), holder(3, { status: 'failed' }), holder(4, { location: { cell: 'BI-A2', position: 2 } })],
      NOW,
    );

    expect(board.map((cell) => [cell.cellId, cell.slots.map((slot) => slot.state)])).toEqual([
      ['BI-A1', ['running', 'free', 'failed', 'free']],
      ['BI-A2', ['free', 'running']],
    ]);
    expect(boardTotals(board)).toMatchObject({ occupied: 3, free: 3, utilisation: 0.5, powerKw: 232 });
  });
});
