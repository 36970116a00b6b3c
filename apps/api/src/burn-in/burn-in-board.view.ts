import { ApiProperty } from '@nestjs/swagger';
import type { BoardSlot, SiteBurnIn, WeekForecast } from '#domain';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';
import { HoldReasonView } from '../racks/rack.view.js';
import { ProjectionView } from '../status/site-status.view.js';

const SLOT_STATES = ['free', 'running', 'due', 'overdue', 'failed', 'held'];

export class BurnInSlotView {
  @ApiProperty({ example: 12 })
  position: number;

  @ApiProperty({
    enum: SLOT_STATES,
    description:
      'free; running (soaking, time left); due (soak done, may pass); overdue (past maxHours); failed (failed or in rework, awaiting retest); held (on hold, clock stopped)',
  })
  state: string;

  @ApiProperty({ type: String, nullable: true })
  rackSerial: string | null;

  @ApiDateTimeOrNull('When the current run started')
  startedAt: string | null;

  @ApiDateTimeOrNull('When a pass will be accepted')
  dueAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Soak hours left (holds not counted)' })
  remainingHours: number | null;

  @ApiProperty({ type: HoldReasonView, nullable: true })
  holdReason: HoldReasonView | null;
}

export class BurnInCellBoardView {
  @ApiProperty({ example: 'BI-A1' })
  cellId: string;

  @ApiProperty()
  positions: number;

  @ApiProperty()
  kwPerPosition: number;

  @ApiProperty({ type: [BurnInSlotView], description: 'Every position, free ones included, in order' })
  slots: BurnInSlotView[];
}

export class BurnInQueueView {
  @ApiProperty({
    description: 'Racks waiting to start burn-in (passed the stage before, or waiting for a retest)',
  })
  count: number;

  @ApiProperty({ type: String, nullable: true })
  oldestSerial: string | null;

  @ApiDateTimeOrNull()
  oldestWaitingSince: string | null;

  @ApiProperty({ type: Number, nullable: true })
  oldestWaitingHours: number | null;
}

export class BurnInCapacityView {
  @ApiProperty({
    description: "Positions the week's target keeps busy: target ÷ 168 h × (soak + retest rate × retest)",
  })
  requiredPositions: number;

  @ApiProperty()
  availablePositions: number;

  @ApiProperty({ description: 'available − required; negative when the positions cannot carry the target' })
  margin: number;

  @ApiProperty()
  weeklyTarget: number;

  @ApiProperty()
  soakHours: number;

  @ApiProperty({
    description: 'Share of burn-in runs that failed over the last week (each comes back for a retest)',
  })
  retestRate: number;
}

export class BurnInTotalsView {
  @ApiProperty()
  occupied: number;

  @ApiProperty()
  free: number;

  @ApiProperty()
  running: number;

  @ApiProperty()
  due: number;

  @ApiProperty()
  overdue: number;

  @ApiProperty()
  failed: number;

  @ApiProperty()
  held: number;
}

/** `GET /v1/sites/{site}/burn-in`: the board a shift manager reads, and the verdict on capacity. */
export class BurnInBoardView {
  @ApiProperty()
  siteId: string;

  @ApiDateTime()
  generatedAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The stage with a dwell; null when no route has one',
  })
  stage: string | null;

  @ApiProperty({ type: [BurnInCellBoardView] })
  cells: BurnInCellBoardView[];

  @ApiProperty({ type: BurnInTotalsView })
  totals: BurnInTotalsView;

  @ApiProperty({ type: BurnInQueueView })
  queue: BurnInQueueView;

  @ApiProperty({ type: BurnInCapacityView, nullable: true, description: 'null until a route has a dwell' })
  capacity: BurnInCapacityView | null;

  @ApiProperty({ description: 'Occupied positions ÷ all positions' })
  utilisation: number;

  @ApiProperty({ description: 'kW drawn by positions whose rack is soaking' })
  powerKw: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Share of burn-in runs passed over the last week',
  })
  burnInYield: number | null;

  @ApiProperty({
    type: ProjectionView,
    description: "The week's projection, the same one /progress and the alerts use",
  })
  forecast: ProjectionView;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function toSlotView(slot: BoardSlot): BurnInSlotView {
  return {
    position: slot.position,
    state: slot.state,
    rackSerial: slot.rackSerial,
    startedAt: iso(slot.startedAt),
    dueAt: iso(slot.dueAt),
    remainingHours: slot.remainingHours,
    holdReason: slot.holdReason,
  };
}

export function toProjectionView(forecast: WeekForecast): ProjectionView {
  return { ...forecast, lastUsefulStart: iso(forecast.lastUsefulStart) };
}

export function toBurnInBoardView(
  siteId: string,
  burnIn: SiteBurnIn,
  forecast: WeekForecast,
): BurnInBoardView {
  const { byState } = burnIn.totals;
  return {
    siteId,
    generatedAt: burnIn.at.toISOString(),
    stage: burnIn.stage,
    cells: burnIn.cells.map((cell) => ({
      cellId: cell.cellId,
      positions: cell.positions,
      kwPerPosition: cell.kwPerPosition,
      slots: cell.slots.map(toSlotView),
    })),
    totals: { occupied: burnIn.totals.occupied, ...byState },
    queue: { ...burnIn.queue, oldestWaitingSince: iso(burnIn.queue.oldestWaitingSince) },
    capacity: burnIn.capacity,
    utilisation: burnIn.totals.utilisation,
    powerKw: burnIn.totals.powerKw,
    burnInYield: burnIn.burnInYield === null ? null : Math.round(burnIn.burnInYield * 1000) / 1000,
    forecast: toProjectionView(forecast),
  };
}
