// Pure formatting for the burn-in board and for racks in burn-in: no DOM, so it is unit-tested.

import type {
  BurnInBoard,
  BurnInCapacity,
  BurnInLocation,
  BurnInQueue,
  BurnInSlot,
  FailureDisposition,
  HoldReason,
  Projection,
  RackHistoryEntry,
  RackSummary,
  Soak,
  SlotState,
} from './api-types.js';
import { formatCount, statusLabel } from './format.js';
import { t } from './i18n.js';

const MINUS = '\u2212';

export const SLOT_LABELS: Record<SlotState, string> = {
  free: 'free',
  running: 'running',
  due: 'due',
  overdue: 'overdue',
  failed: 'failed',
  held: 'held',
};

/** A signed whole number the way a person writes it: `+12`, `−46` (a real minus sign), `0`. */
export function formatSigned(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${formatCount(rounded)}` : `${MINUS}${formatCount(-rounded)}`;
}

/** Soak time: `40 min` under an hour, `4.5 h` under ten, then whole hours (a soak is counted in hours). */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours) || hours < 0) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 10) return `${(Math.round(hours * 10) / 10).toString()} h`;
  return `${Math.round(hours)} h`;
}

export type CapacityState = 'short' | 'enough' | 'unknown';

/** The capacity verdict in big type: `needs 430 positions, has 384: −46`, short when the margin is negative. */
export function capacityVerdict(capacity: BurnInCapacity | null): { state: CapacityState; text: string } {
  if (capacity === null)
    return { state: 'unknown', text: 'No route has a burn-in soak: no capacity to judge' };
  const { requiredPositions, availablePositions, margin } = capacity;
  return {
    state: margin < 0 ? 'short' : 'enough',
    text: `needs ${formatCount(requiredPositions)} position${requiredPositions === 1 ? '' : 's'}, has ${formatCount(availablePositions)}: ${formatSigned(margin)}`,
  };
}

/** What the verdict rests on: the week's target, the soak and the measured retest rate. */
export function capacityBasis(capacity: BurnInCapacity | null): string {
  if (capacity === null) return '';
  return `target ${formatCount(capacity.weeklyTarget)}/week · soak ${formatHours(capacity.soakHours)} · retest ${Math.round(capacity.retestRate * 100)} %`;
}

export function describeQueue(queue: BurnInQueue): string {
  if (queue.count === 0) return 'nothing waiting';
  const oldest =
    queue.oldestSerial === null
      ? ''
      : ` · oldest ${queue.oldestSerial}${queue.oldestWaitingHours === null ? '' : ` waiting ${formatHours(queue.oldestWaitingHours)}`}`;
  return `${formatCount(queue.count)} waiting${oldest}`;
}

export function formatUtilisation(fraction: number): string {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)} %` : '–';
}

export function formatPower(kw: number): string {
  return Number.isFinite(kw) ? `${formatCount(kw)} kW` : '–';
}

const METHOD_LABELS: Record<Projection['method'], string> = {
  pipeline: 'from the burn-in pipeline',
  run_rate: 'from the run rate',
};

/** The week's projected figure and the method behind it. */
export function describeForecast(forecast: Projection): { figure: string; method: string } {
  return {
    figure: formatCount(forecast.projected),
    method: METHOD_LABELS[forecast.method] ?? forecast.method,
  };
}

/** `leak detector warning (quality)`; either half alone; something even when the hold said nothing. */
export function describeHold(hold: HoldReason | null): string {
  if (hold === null) return '';
  const code = hold.reasonCode === null ? null : statusLabel(hold.reasonCode);
  if (hold.reason !== null && code !== null) return t('burnIn.hold.withCode', { reason: hold.reason, code });
  return hold.reason ?? code ?? t('burnIn.hold.none');
}

export function formatLocation(location: BurnInLocation): string {
  return `${location.cell} #${location.position}`;
}

/** What a position says under its number: hours left, due, how long a rack has been in, or why it is held. */
export function slotDetail(slot: BurnInSlot, now: Date): string {
  switch (slot.state) {
    case 'free':
      return 'free';
    case 'running':
      return `${formatHours(slot.remainingHours)} left`;
    case 'due':
      return 'due';
    case 'overdue':
      return slot.startedAt === null
        ? 'overdue'
        : `overdue · ${formatHours((now.getTime() - Date.parse(slot.startedAt)) / 3_600_000)} in`;
    case 'failed':
      return 'failed';
    case 'held':
      return `held · ${describeHold(slot.holdReason ?? { reason: null, reasonCode: null })}`;
  }
}

/** A rack's burn-in in one line: where, and how much soak is left (or that its clock is stopped). */
export function describeSoak(location: BurnInLocation | null, soak: Soak | null): string {
  const parts: string[] = [];
  if (location !== null) parts.push(t('burnIn.at', { location: formatLocation(location) }));
  if (soak !== null) {
    const left =
      soak.remainingHours > 0
        ? t('burnIn.soakLeft', {
            left: formatHours(soak.remainingHours),
            required: formatHours(soak.requiredHours),
          })
        : t('burnIn.soakDone', { soaked: formatHours(soak.soakedHours) });
    parts.push(
      `${left}${soak.retest ? t('burnIn.retest') : ''}${soak.onHold ? t('burnIn.clockStopped') : ''}`,
    );
  }
  return parts.join(' · ');
}

/** Whether the site has burn-in to show: a dwell on a route, or cells. */
export function hasBurnIn(board: BurnInBoard | null): board is BurnInBoard {
  return board !== null && (board.capacity !== null || board.cells.length > 0);
}

/** What a held rack or one in burn-in adds to its position: why it is held, where it soaks, what is left. */
export function rackNotes(rack: Pick<RackSummary, 'holdReason' | 'location' | 'soak'>): string[] {
  const notes: string[] = [];
  if (rack.holdReason !== null) notes.push(t('burnIn.held', { hold: describeHold(rack.holdReason) }));
  const soak = describeSoak(rack.location, rack.soak);
  if (soak !== '') notes.push(soak);
  return notes;
}

/** What a timeline entry adds to its event: the position a start took, or why a hold or release happened. */
export function historyNote(entry: Pick<RackHistoryEntry, 'location' | 'reason' | 'reasonCode'>): string {
  const notes: string[] = [];
  if (entry.location !== null) notes.push(formatLocation(entry.location));
  if (entry.reason !== null || entry.reasonCode !== null) notes.push(describeHold(entry));
  return notes.join(' · ');
}

/** `XID-79 on GPU-0001 → replace part (2nd)`: a failure code and what the table said to do about it. */
export function describeDisposition(
  disposition: Pick<FailureDisposition, 'code' | 'componentSerial' | 'action' | 'occurrence'>,
): string {
  const part =
    disposition.componentSerial === null
      ? ''
      : t('rack.disposition.onPart', { part: disposition.componentSerial });
  const repeat =
    disposition.occurrence > 1 ? t('rack.disposition.repeat', { occurrence: disposition.occurrence }) : '';
  const action = t(`rack.failures.action.${disposition.action}`, {
    defaultValue: disposition.action.replaceAll('_', ' '),
  });
  return `${disposition.code}${part} → ${action}${repeat}`;
}
