// The rack page's, the search's, the trace's and the sourcing panel's shapes, named as the page uses them. All
// are the generated OpenAPI types (api-schema.d.ts, `npm run api:types`): the page is served by the api it reads,
// so a changed field is a type error here rather than a blank cell on the rack page.
import type { components } from './api-schema.js';
import type { RackDetail } from './api-types.js';

type Schemas = components['schemas'];

export type ComponentNode = Schemas['ComponentNodeView'];
export type RackComponents = Schemas['RackComponentsView'];
export type FailureCode = Schemas['FailureCodeView'];
export type RackFailure = Schemas['RackFailureView'];
export type BurnInRun = Schemas['BurnInRunView'];
export type BurnInOutcome = BurnInRun['outcome'];
export type TimeInState = Schemas['TimeInStateView'];

/** A measurement with its limits and whether it was within them (null: it had none). */
export type RackMeasurement = Schemas['RackMeasurementView'];

/** A search result: `GET /v1/racks?q=` names each rack's site. */
export type RackHit = Schemas['RackSummaryView'];

/** The trace totals that add up: every listed part is installed now or was removed. */
export type TraceTotals = Schemas['TraceSummaryView'];

export type CountryShare = Schemas['CountryShareView'];
export type Sourcing = Schemas['SourcingView'];

/** `GET /v1/racks/{serial}` as the rack page reads it. */
export type RackPageDetail = RackDetail;
