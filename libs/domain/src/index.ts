// Public API of the domain library, imported elsewhere as `#domain`.

export {
  COMPONENT_KINDS,
  isComponentKind,
  isRackStatus,
  isRejectionReason,
  isStationEventType,
  isStationRole,
  isSupervisorEventType,
  isTerminalStatus,
  RACK_STATUSES,
  REJECTION_REASONS,
  STATION_EVENT_TYPES,
  STATION_ROLES,
  SUPERVISOR_EVENT_TYPES,
  TERMINAL_RACK_STATUSES,
} from './rack/rack-vocabulary.js';
export type {
  ComponentKind,
  RackStatus,
  RejectionReason,
  StationEventType,
  StationRole,
  SupervisorEventType,
  TerminalRackStatus,
} from './rack/rack-vocabulary.js';

export {
  DEFAULT_RACK_MODEL,
  DEFAULT_ROUTE,
  defineRoute,
  describeMissingRoute,
  firstStage,
  hasStage,
  InvalidRouteError,
  isFirstStage,
  isLastStage,
  dwellOf,
  MAX_DWELL_HOURS,
  MAX_REQUIRED_SLOTS,
  MAX_ROUTE_STAGES,
  nextStage,
  previousStage,
  routeOfModel,
  STAGE_NAME_PATTERN,
  validateRoute,
} from './rack/rack-route.js';
export type { RackRoute, RackRouteInput, StageDwell, StageDwellInput } from './rack/rack-route.js';

export type {
  AcceptedStationEvent,
  ComponentRef,
  Measurement,
  StationContext,
  StationEvent,
} from './rack/station-event.js';
export {
  refuseStationAuthority,
  type StationAuthorityQuestion,
  type StationAuthorityRefusal,
} from './rack/station-authority.js';

export { formatPosition, positionOf, samePosition } from './rack/rack-state.js';
export type { HoldReason, RackPosition, RackState } from './rack/rack-state.js';

export {
  ComponentLocatorOverlay,
  componentLookupsFor,
  InMemoryComponentLocator,
} from './rack/component-locator.js';
export type {
  ComponentChanges,
  ComponentLocator,
  ComponentLookups,
  InstalledComponent,
} from './rack/component-locator.js';

export { evaluateMeasurement, formatMeasurement } from './rack/measurement-evaluation.js';
export type { EvaluatedMeasurement } from './rack/measurement-evaluation.js';

export { isAccepted, rejected } from './rack/rack-decision.js';
export type {
  AcceptedRackDecision,
  RackDecision,
  RackTransition,
  RejectedRackDecision,
} from './rack/rack-decision.js';

export { RackStateMachine, replayRack, replayRacks, staleEventDetail } from './rack/rack-state-machine.js';
export type { RackDecisionContext, RackReplay, RackStateMachinePolicy } from './rack/rack-state-machine.js';

export * from './throughput/index.js';

export {
  weeklyBreakdown,
  weekShifts,
  type ShiftWindowOfWeek,
  type BurnUpPoint,
  type PlanPeriod,
  type ShiftPeriod,
  type WeeklyBreakdown,
  type WeeklyBreakdownInput,
} from './progress/weekly-breakdown.js';
export {
  handoverShift,
  planGap,
  shiftStanding,
  type PlanGap,
  type PlanGapInput,
  type ShiftStanding,
} from './progress/plan-gap.js';
export { chooseDefaultSite, type DefaultSiteChoice, type SiteCandidate } from './progress/default-site.js';

export {
  describeStall,
  findStalledPartitions,
  partitionLag,
  secondsSinceProgress,
  type PartitionProgress,
  type PartitionStall,
} from './pipeline/partition-stall.js';
export { describeRelayStall, type RelayState } from './pipeline/relay-stall.js';

export {
  composeTrackerStallMessage,
  isPipelineAlertRuleName,
  partitionFigures,
  partitionSubject,
  PIPELINE_ALERT_RULES,
  PIPELINE_RULE_LABELS,
  reconcileTrackerStalls,
  TRACKER_STALL_RULE,
  trackerStallObservations,
  type OpenPipelineAlert,
  type PartitionFigures,
  type PipelineAlertDecision,
  type PipelineAlertMessage,
  type PipelineAlertRuleName,
  type TrackerStallDetail,
  type TrackerStallMessageInput,
  type TrackerStallObservation,
  type WatchedConsumer,
} from './pipeline/tracker-stall-alert.js';

export {
  readPartitionProgress,
  type AppliedOffset,
  type PartitionWatermarks,
  type ProgressReading,
} from './pipeline/partition-progress.js';
export { assertUnreachable } from './assert-unreachable.js';

export * from './quality/index.js';
export * from './genealogy/index.js';
export * from './burn-in/index.js';
export * from './disposition/index.js';

export {
  BURN_IN_RUN_OUTCOMES,
  burnInRuns,
  timeInStates,
  withinLimits,
  type BurnInRun,
  type BurnInRunOutcome,
  type TimeInState,
  type TimelineTransition,
} from './rack/rack-timeline.js';

export { CLEARANCE_EVENT_TYPES, decideClearance, isClearanceEventType } from './rack/rack-clearance.js';
export type {
  ClearanceEventType,
  ClearanceFacts,
  ClearanceQuestion,
  ClearanceVerdict,
} from './rack/rack-clearance.js';

export * from './rebuild/index.js';
