// What `GET /v1/racks/{serial}` adds for the rack page, `GET /v1/sourcing` and the trace summary (the issue #15
// contract); only the fields the page uses. Every addition is optional, so a page meets an older api calmly.
import type { FailureDisposition, RackDetail, TraceSummary } from './api-types.js';

export interface ComponentNode {
  serial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  parentSerial: string | null;
  installedAt: string;
  children: ComponentNode[];
}

export interface RackComponents {
  counts: Record<string, number>;
  tree: ComponentNode[];
}

export interface RackMeasurement {
  eventId?: string;
  occurredAt?: string;
  stage?: string;
  name: string;
  value: number;
  unit: string;
  low: number | null;
  high: number | null;
  /** The rack view's name; a failure's own measurements say `passed`. */
  withinLimits?: boolean | null;
  passed?: boolean;
}

export interface FailureCode {
  code: string;
  componentSerial: string | null;
  message: string | null;
}

export interface RackFailure {
  eventId: string;
  occurredAt: string;
  stage: string;
  stationId: string;
  codes: FailureCode[];
  measurements: RackMeasurement[];
}

export const BURN_IN_OUTCOMES = ['passed', 'failed', 'running', 'aborted'] as const;
export type BurnInOutcome = (typeof BURN_IN_OUTCOMES)[number];

export interface BurnInRun {
  stage?: string;
  startedAt: string;
  endedAt: string | null;
  cell: string | null;
  position: number | null;
  retest?: boolean;
  outcome: BurnInOutcome;
  soakedHours: number;
  requiredHours: number;
}

export interface TimeInState {
  stage: string;
  status: string;
  seconds: number;
  visits: number;
}

/**
 * A disposition as the rack view answers it: the failed event's place, and the named part's number. The generated
 * API types (api-types.ts) carry all of it now.
 */
export type RackDisposition = FailureDisposition;

/** `GET /v1/racks/{serial}` as the rack page reads it (generated from the OpenAPI document). */
export type RackPageDetail = RackDetail;

/** A search result: `GET /v1/racks?q=` names each rack's site. */
export interface RackHit {
  serial: string;
  siteId: string;
  stage: string;
  status: string;
  holdReason: { reason: string | null; reasonCode: string | null } | null;
  location: { cell: string; position: number } | null;
  soak: null | {
    stage: string;
    startedAt: string;
    retest: boolean;
    soakedHours: number;
    requiredHours: number;
    remainingHours: number;
    dueAt: string;
    overrunAt: string | null;
    onHold: boolean;
  };
}

/** The trace totals that add up: every listed part is installed now or was removed. */
export interface TraceTotals extends Partial<TraceSummary> {
  racks: number;
  installedNow?: number;
  removed?: number;
}

export interface CountryShare {
  country: string | null;
  parts: number;
  share: number;
}

export interface Sourcing {
  site: string | null;
  timeZone: string;
  week: string;
  firstDay: string;
  from: string;
  to: string;
  parts: number;
  byCountry: CountryShare[];
  byKind: { kind: string; parts: number; byCountry: CountryShare[] }[];
}
