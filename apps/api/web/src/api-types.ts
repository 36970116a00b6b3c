// The JSON the read API answers with (see /docs); only the fields the page uses.

export interface PlanPeriod {
  date: string;
  start: string;
  end: string;
  productionHours: number;
  plan: number;
  expectedByNow: number;
  actual: number;
}

export interface ShiftPeriod extends PlanPeriod {
  label: string;
}

export interface BurnUpPoint {
  at: string;
  expected: number;
  actual: number | null;
  projected: number | null;
}

export interface Progress {
  siteId: string;
  generatedAt: string;
  configured: boolean;
  week: { start: string; end: string; firstDay: string; timeZone: string };
  target: number;
  targetInForce: number;
  actual: number;
  expectedByNow: number;
  projected: number;
  onTrack: boolean;
  behindPlan: boolean;
  projectedMiss: boolean;
  runRate: { perHour: number; windowHours: number };
  plannedRatePerHour: number;
  byDay: PlanPeriod[];
  byShift: ShiftPeriod[];
  burnUp: BurnUpPoint[];
}

export interface StageWip {
  stage: string;
  total: number;
  byStatus: Record<string, number>;
  oldest: { serial: string; status: string; enteredStageAt: string; stateEnteredAt: string } | null;
}

export interface StuckRack {
  serial: string;
  stage: string;
  status: string;
  stateEnteredAt: string;
  hoursInState: number;
  limitHours: number;
  clock: string;
}

export interface Wip {
  siteId: string;
  generatedAt: string;
  stages: StageWip[];
  total: number;
  stuck: StuckRack[];
}

export interface StagePerformance {
  stage: string;
  cycleTime: { count: number; p50Seconds: number | null; p90Seconds: number | null };
  firstPass: { tested: number; passedFirstTime: number; yield: number | null };
  reworkStarted: number;
  inReworkNow: number;
}

export interface Performance {
  siteId: string;
  window: { from: string; to: string; hours: number };
  stages: StagePerformance[];
  rejections: { reason: string; count: number }[];
  rejectionsTotal: number;
}

export interface LiveAlert {
  id: string;
  rule: string;
  siteId: string;
  subject: string;
  severity: string;
  title: string;
  firedAt: string | null;
}

export interface LiveAlerts {
  siteId: string;
  firing: LiveAlert[];
}

export interface Position {
  stage: string;
  status: string;
}

/** One step of a rack from one position to the next: what the live stream and a rack's timeline both show. */
export interface RackStep {
  eventId: string;
  eventType: string;
  stage: string;
  stationId: string;
  from: Position | null;
  to: Position;
  occurredAt: string;
}

export interface Transition extends RackStep {
  rackSerial: string;
  siteId: string;
}

/** Why a rack is on hold, as the hold said. */
export interface HoldReason {
  reason: string | null;
  reasonCode: string | null;
}

/** A burn-in position: a cell and a position number in it. */
export interface BurnInLocation {
  cell: string;
  position: number;
}

/** The current run at a stage with a dwell. */
export interface Soak {
  stage: string;
  startedAt: string;
  retest: boolean;
  soakedHours: number;
  requiredHours: number;
  remainingHours: number;
  dueAt: string;
  overrunAt: string | null;
  onHold: boolean;
}

export interface RackSummary {
  serial: string;
  model: string;
  stage: string;
  status: string;
  stateEnteredAt: string;
  completedAt: string | null;
  location: BurnInLocation | null;
  soak: Soak | null;
  holdReason: HoldReason | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RackHistoryEntry extends RackStep {
  recordedAt: string;
  location: BurnInLocation | null;
  reason: string | null;
  reasonCode: string | null;
}

export interface RackDetail {
  serial: string;
  state:
    | (RackSummary & {
        route: string[];
        reworkCount: number;
        failureCount: number;
        siteId: string;
        lineId: string;
      })
    | null;
  history: RackHistoryEntry[];
  rejections: { id: string; reason: string; detail: string; stationId: string | null; recordedAt: string }[];
  dispositions: FailureDisposition[];
}

export const FAILURE_GROUPINGS = ['partNumber', 'supplier', 'lot', 'code', 'measurement'] as const;
export type FailureGrouping = (typeof FAILURE_GROUPINGS)[number];

export interface ParetoEntry {
  key: string;
  /** partNumber: the kind; supplier: its name; lot: its supplier id; measurement: its unit. */
  label: string | null;
  country: string | null;
  partNumbers: string[] | null;
  failures: number;
  racks: number;
  share: number;
  cumulativeShare: number;
}

export interface QualityFailures {
  groupBy: FailureGrouping;
  from: string;
  to: string;
  totalFailures: number;
  pareto: ParetoEntry[];
  otherFailures: number;
  otherGroups: number;
  firstPassYield: {
    byStage: { stage: string; tested: number; passedFirstTime: number; firstPassYield: number | null }[];
  };
  retests: { stage: string; racks: number; meanRetests: number }[];
}

export interface TracePart {
  serial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  installed: boolean;
  installedAt: string;
  removedAt: string | null;
}

export interface TraceRack {
  rackSerial: string;
  model: string;
  siteId: string;
  stage: string;
  status: string;
  shipped: boolean;
  completedAt: string | null;
  holdsMatchingParts: boolean;
  parts: TracePart[];
}

export interface TraceSummary {
  racks: number;
  shipped: number;
  scrapped: number;
  holding: number;
  parts: number;
  partsInstalled: number;
}

export interface TracePage extends Page<TraceRack> {
  summary: TraceSummary | null;
}

export const SLOT_STATES = ['free', 'running', 'due', 'overdue', 'failed', 'held'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

export interface BurnInSlot {
  position: number;
  state: SlotState;
  rackSerial: string | null;
  startedAt: string | null;
  dueAt: string | null;
  remainingHours: number | null;
  holdReason: HoldReason | null;
}

export interface BurnInCell {
  cellId: string;
  positions: number;
  kwPerPosition: number;
  slots: BurnInSlot[];
}

export interface BurnInCapacity {
  requiredPositions: number;
  availablePositions: number;
  margin: number;
  weeklyTarget: number;
  soakHours: number;
  retestRate: number;
}

export interface BurnInQueue {
  count: number;
  oldestSerial: string | null;
  oldestWaitingSince: string | null;
  oldestWaitingHours: number | null;
}

export interface Projection {
  method: 'pipeline' | 'run_rate';
  projected: number;
  explanation: string;
}

/** `GET /v1/sites/{site}/burn-in`. */
export interface BurnInBoard {
  siteId: string;
  generatedAt: string;
  stage: string | null;
  cells: BurnInCell[];
  totals: Record<SlotState, number> & { occupied: number };
  queue: BurnInQueue;
  capacity: BurnInCapacity | null;
  utilisation: number;
  powerKw: number;
  burnInYield: number | null;
  forecast: Projection;
}

/** `GET /v1/quality/suppliers`: one supplier's quality over the window. */
export interface SupplierQuality {
  supplierId: string;
  name: string | null;
  country: string | null;
  installed: number;
  failed: number;
  failuresPerThousand: number | null;
  returnsOpen: number;
  returnsConfirmed: number;
  returnsNoFaultFound: number;
  topCodes: { code: string; failures: number }[];
}

export interface SupplierQualityList {
  site: string | null;
  from: string;
  to: string;
  items: SupplierQuality[];
}

/** What the line was told to do about one failure code (the rack view's `dispositions`). */
export interface FailureDisposition {
  eventId: string;
  code: string;
  componentSerial: string | null;
  message: string | null;
  action: string;
  occurrence: number;
  why: string;
  tableVersion: number;
}
