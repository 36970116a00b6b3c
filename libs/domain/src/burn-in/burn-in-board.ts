import type { StageDwell } from '../rack/rack-route.js';
import type { HoldReason } from '../rack/rack-state.js';
import type { RackStatus } from '../rack/rack-vocabulary.js';
import type { BurnInCell, BurnInLocation } from './burn-in-location.js';
import { soakStatus, type SoakClock } from './soak-clock.js';

const HOUR_MS = 3_600_000;
// Little's law averages over wall-clock time: soaks run through nights and weekends.
export const HOURS_PER_WEEK = 168;

/** A rack holding a position, as stored. */
export interface PositionHolder {
  readonly serial: string;
  readonly location: BurnInLocation;
  readonly status: RackStatus;
  readonly soak: SoakClock | null;
  readonly dwell: StageDwell | null;
  readonly holdReason: HoldReason | null;
}

export type SlotState = 'free' | 'running' | 'due' | 'overdue' | 'failed' | 'held';

export interface BoardSlot {
  readonly position: number;
  readonly state: SlotState;
  readonly rackSerial: string | null;
  readonly startedAt: Date | null;
  readonly dueAt: Date | null;
  readonly remainingHours: number | null;
  readonly holdReason: HoldReason | null;
  // For a rack soaking at a stage with a maximum: how long it has soaked against it (dwell_overrun).
  readonly overrun: { readonly soakedHours: number; readonly maxHours: number } | null;
}

export interface BoardCell {
  readonly cellId: string;
  readonly positions: number;
  readonly kwPerPosition: number;
  readonly slots: readonly BoardSlot[];
}

export interface BurnInCapacityInput {
  readonly weeklyTarget: number;
  readonly soakHours: number;
  readonly retestHours: number;
  // Share of burn-in runs that fail and come back for a retest.
  readonly retestRate: number;
}

export interface BurnInCapacity {
  readonly requiredPositions: number;
  readonly availablePositions: number;
  // available − required: negative when the positions cannot carry the target.
  readonly margin: number;
  readonly weeklyTarget: number;
  readonly soakHours: number;
  readonly retestRate: number;
}

/**
 * Positions the week's target keeps busy (Little's law: racks per hour × hours each spends in a position):
 * every rack soaks once, and the share that fails soaks again for the retest minimum.
 */
export function requiredPositions(input: BurnInCapacityInput): number {
  const hoursPerRack = input.soakHours + clampShare(input.retestRate) * input.retestHours;
  return Math.max(0, Math.ceil((input.weeklyTarget / HOURS_PER_WEEK) * hoursPerRack - 1e-9));
}

export function burnInCapacity(cells: readonly BurnInCell[], input: BurnInCapacityInput): BurnInCapacity {
  const required = requiredPositions(input);
  const available = cells.reduce((sum, cell) => sum + cell.positions, 0);
  return {
    requiredPositions: required,
    availablePositions: available,
    margin: available - required,
    weeklyTarget: input.weeklyTarget,
    soakHours: input.soakHours,
    retestRate: clampShare(input.retestRate),
  };
}

/** What a held position shows: running with time left, due, past its maximum, failed awaiting retest, or held. */
export function slotOf(holder: PositionHolder, at: Date): BoardSlot {
  const base = {
    position: holder.location.position,
    rackSerial: holder.serial,
    startedAt: holder.soak?.startedAt ?? null,
    holdReason: holder.status === 'on_hold' ? holder.holdReason : null,
    overrun: null,
  };
  if (holder.soak === null || holder.dwell === null) {
    return {
      ...base,
      state: holder.status === 'on_hold' ? 'held' : 'failed',
      dueAt: null,
      remainingHours: null,
    };
  }
  const status = soakStatus(holder.soak, holder.dwell, at);
  const timing = { dueAt: status.dueAt, remainingHours: status.remainingHours };
  if (holder.status === 'on_hold') return { ...base, ...timing, state: 'held' };
  if (holder.status !== 'in_progress') return { ...base, ...timing, state: 'failed' };
  const running = {
    ...base,
    ...timing,
    overrun:
      holder.dwell.maxHours === null
        ? null
        : { soakedHours: status.soakedHours, maxHours: holder.dwell.maxHours },
  };
  if (status.overrunAt !== null && at.getTime() >= status.overrunAt.getTime()) {
    return { ...running, state: 'overdue' };
  }
  return { ...running, state: status.remainingHours > 0 ? 'running' : 'due' };
}

/** Every position of every cell, free ones included, in cell then position order. */
export function boardCells(
  cells: readonly BurnInCell[],
  holders: readonly PositionHolder[],
  at: Date,
): BoardCell[] {
  return [...cells]
    .sort((left, right) => left.cellId.localeCompare(right.cellId))
    .map((cell) => {
      const held = new Map(
        holders
          .filter((holder) => holder.location.cell === cell.cellId)
          .map((holder) => [holder.location.position, holder]),
      );
      const slots = Array.from({ length: cell.positions }, (_, index): BoardSlot => {
        const holder = held.get(index + 1);
        return holder === undefined
          ? {
              position: index + 1,
              state: 'free',
              rackSerial: null,
              startedAt: null,
              dueAt: null,
              remainingHours: null,
              holdReason: null,
              overrun: null,
            }
          : slotOf(holder, at);
      });
      return { cellId: cell.cellId, positions: cell.positions, kwPerPosition: cell.kwPerPosition, slots };
    });
}

export interface BoardTotals {
  readonly occupied: number;
  readonly free: number;
  readonly utilisation: number;
  readonly powerKw: number;
  readonly byState: Readonly<Record<SlotState, number>>;
}

/** Occupied share of all positions, and the power drawn by positions whose rack is soaking (running, due or overdue). */
export function boardTotals(cells: readonly BoardCell[]): BoardTotals {
  const byState: Record<SlotState, number> = { free: 0, running: 0, due: 0, overdue: 0, failed: 0, held: 0 };
  let powerKw = 0;
  let total = 0;
  for (const cell of cells) {
    for (const slot of cell.slots) {
      byState[slot.state] += 1;
      total += 1;
      if (slot.state === 'running' || slot.state === 'due' || slot.state === 'overdue')
        powerKw += cell.kwPerPosition;
    }
  }
  const occupied = total - byState.free;
  return {
    occupied,
    free: byState.free,
    utilisation: total === 0 ? 0 : Math.round((occupied / total) * 1000) / 1000,
    powerKw: Math.round(powerKw * 10) / 10,
    byState,
  };
}

/** Hours between two instants, to one decimal, never negative. */
export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 10) / 10);
}

function clampShare(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
