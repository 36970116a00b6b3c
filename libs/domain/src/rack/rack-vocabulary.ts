// The words every service shares about racks. Each list is the single source for its union type,
// so the contracts layer, the database enums and the machine cannot drift apart.

export const RACK_STATUSES = [
  'waiting',
  'in_progress',
  'passed',
  'failed',
  'rework',
  'on_hold',
  'shipped',
  'scrapped',
] as const;
export type RackStatus = (typeof RACK_STATUSES)[number];

// Nothing moves a rack out of these: a shipped rack has left the building, a scrapped one is gone.
export const TERMINAL_RACK_STATUSES = ['shipped', 'scrapped'] as const satisfies readonly RackStatus[];
export type TerminalRackStatus = (typeof TERMINAL_RACK_STATUSES)[number];

export const STATION_EVENT_TYPES = [
  'started',
  'completed',
  'passed',
  'failed',
  'rework_started',
  'rework_completed',
  'hold',
  'release',
  'scrap',
  'component_installed',
  'component_removed',
] as const;
export type StationEventType = (typeof STATION_EVENT_TYPES)[number];

// A supervisor oversees the whole line, so these may come from a station registered at another stage.
export const SUPERVISOR_EVENT_TYPES = [
  'hold',
  'release',
  'scrap',
] as const satisfies readonly StationEventType[];
export type SupervisorEventType = (typeof SUPERVISOR_EVENT_TYPES)[number];

export const COMPONENT_KINDS = [
  'compute_tray',
  'switch_tray',
  'gpu',
  'cpu',
  'nic',
  'psu',
  'cable_cartridge',
  'cooling',
  'other',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

// `malformed` and `duplicate` are decided before the machine runs (validation, idempotency),
// but they are recorded and published with the same vocabulary as the machine's own refusals.
export const REJECTION_REASONS = [
  'malformed',
  'duplicate',
  'unstorable',
  'clock_skew',
  'stale_event',
  'wrong_station',
  'unknown_model',
  'unknown_stage',
  'illegal_transition',
  'component_in_use',
  'component_not_installed',
  'parent_not_installed',
  'component_has_children',
  'required_slots_unmet',
  'measurement_out_of_limits',
  'dwell_too_short',
  'location_required',
  'unknown_position',
  'position_occupied',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const STATION_ROLES = ['station', 'supervisor'] as const;
export type StationRole = (typeof STATION_ROLES)[number];

// `includes` on a readonly tuple only accepts members, so widen once here instead of casting at call sites.
function isMember<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function isRackStatus(value: string): value is RackStatus {
  return isMember(RACK_STATUSES, value);
}

export function isTerminalStatus(status: RackStatus): status is TerminalRackStatus {
  return isMember(TERMINAL_RACK_STATUSES, status);
}

export function isStationEventType(value: string): value is StationEventType {
  return isMember(STATION_EVENT_TYPES, value);
}

export function isSupervisorEventType(value: string): value is SupervisorEventType {
  return isMember(SUPERVISOR_EVENT_TYPES, value);
}

export function isComponentKind(value: string): value is ComponentKind {
  return isMember(COMPONENT_KINDS, value);
}

export function isRejectionReason(value: string): value is RejectionReason {
  return isMember(REJECTION_REASONS, value);
}

export function isStationRole(value: string): value is StationRole {
  return isMember(STATION_ROLES, value);
}
