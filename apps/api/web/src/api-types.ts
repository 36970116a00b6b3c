// The JSON the read API answers with, named as the page uses it. Every shape the OpenAPI document describes is
// taken from the types generated from it (api-schema.d.ts, `npm run api:types`), so a change to the API shows up
// here as a type error instead of a wrong number on a wall screen. Only what the document cannot describe (the
// live stream's transitions, the page's own constants) is written out by hand.
import type { components } from './api-schema.js';

type Schemas = components['schemas'];

export type PlanPeriod = Schemas['PlanPeriodView'];
/** A shift of the week: its plan, what was due by now, what came out, and whether it is running. */
export type ShiftPeriod = Schemas['ShiftPeriodView'];
export type BurnUpPoint = Schemas['BurnUpPointView'];
/** The rate still needed to make the week's target (`Progress.needed`). */
export type Needed = Schemas['NeededView'];
export type Progress = Schemas['ProgressView'];
export type StageWip = Schemas['StageWipView'];
export type StuckRack = Schemas['StuckRackView'];
export type Wip = Schemas['WipView'];
export type StagePerformance = Schemas['StagePerformanceView'];
export type Performance = Schemas['PerformanceView'];

/** `GET /v1/sites`: a site in the picker, and the list with the default a kiosk opens on. */
export type SiteView = Schemas['SiteView'];
export type SiteList = Schemas['SiteList'];
/** `GET /v1/sites/{siteId}/handover`. */
export type Handover = Schemas['HandoverView'];

/** `GET /v1/alerts/{id}` and `POST /v1/alerts/{id}/acknowledge`. */
export type AlertView = Schemas['AlertView'];
/** A firing alert as the live stream's `alerts` event carries it, with who acknowledged it and when it escalates. */
export type LiveAlert = Schemas['LiveAlertView'];
export type LiveAlerts = Schemas['LiveAlertsView'];

export type Position = Schemas['PositionView'];

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

/** `GET /v1/sites/{siteId}/transitions`: the latest transitions, newest first, shaped as the stream's. */
export type SiteTransitionList = Schemas['SiteTransitionList'];

/** A live stream `transition` event (a Kafka message, so not in the OpenAPI document). */
export interface Transition extends RackStep {
  rackSerial: string;
  siteId: string;
}

/** Why a rack is on hold, as the hold said. */
export type HoldReason = Schemas['HoldReasonView'];
/** A burn-in position: a cell and a position number in it. */
export type BurnInLocation = Schemas['BurnInLocationView'];
/** The current run at a stage with a dwell. */
export type Soak = Schemas['SoakView'];
export type RackSummary = Schemas['RackSummaryView'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type RackHistoryEntry = Schemas['RackHistoryView'];
export type RackDetail = Schemas['RackDetailView'];

export const FAILURE_GROUPINGS = ['partNumber', 'supplier', 'lot', 'code', 'measurement'] as const;
export type FailureGrouping = (typeof FAILURE_GROUPINGS)[number];

export type ParetoEntry = Schemas['ParetoEntryView'];
export type QualityFailures = Schemas['QualityFailuresView'];

export type TracePart = Schemas['TracePartView'];
export type TraceRack = Schemas['TraceRackView'];
export type TraceSummary = Schemas['TraceSummaryView'];
export type TracePage = Schemas['TracePageView'];

export const SLOT_STATES = ['free', 'running', 'due', 'overdue', 'failed', 'held'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

export type BurnInSlot = Schemas['BurnInSlotView'];
export type BurnInCell = Schemas['BurnInCellBoardView'];
export type BurnInCapacity = Schemas['BurnInCapacityView'];
export type BurnInQueue = Schemas['BurnInQueueView'];
export type Projection = Schemas['ProjectionView'];
/** `GET /v1/sites/{site}/burn-in`. */
export type BurnInBoard = Schemas['BurnInBoardView'];

/** `GET /v1/quality/suppliers`: one supplier's quality over the window. */
export type SupplierQuality = Schemas['SupplierQualityView'];
export type SupplierQualityList = Schemas['SupplierQualityList'];

/** What the line was told to do about one failure code (the rack view's `dispositions`). */
export type FailureDisposition = Schemas['FailureDispositionView'];
