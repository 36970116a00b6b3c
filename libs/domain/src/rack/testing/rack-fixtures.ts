// Builders shared by the rack specs. Not exported from the library: they bake in test defaults.
import { InMemoryComponentLocator, type InstalledComponent } from '../component-locator.js';
import { DEFAULT_ROUTE, routeOfModel, type RackRoute } from '../rack-route.js';
import type { RackDecisionContext } from '../rack-state-machine.js';
import type { RackPosition, RackState } from '../rack-state.js';
import type { ComponentKind, RackStatus, StationEventType } from '../rack-vocabulary.js';
import type { AcceptedStationEvent, ComponentRef, StationContext, StationEvent } from '../station-event.js';

// A pinned clock: nothing in the specs depends on when they run.
export const T0 = new Date('2026-11-24T08:00:00.000Z');

export function minutesAfterStart(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}

export const RACK = 'RK-2026-000001';

export interface EventOptions extends Partial<Omit<StationEvent, 'type' | 'stage'>> {
  readonly station?: Partial<StationContext>;
  readonly receivedAt?: Date;
}

let nextEventNumber = 1;

export function stationEvent(
  type: StationEventType,
  stage: string,
  options: EventOptions = {},
): AcceptedStationEvent {
  const { station, receivedAt, ...fields } = options;
  const occurredAt = fields.occurredAt ?? T0;
  const stationId = fields.stationId ?? `ST-${stage}`;
  const event: StationEvent = {
    eventId: `ev-${nextEventNumber++}`,
    rackSerial: RACK,
    ...fields,
    stationId,
    stage,
    type,
    occurredAt,
  };
  return {
    event,
    station: { stationId, stage, role: 'station', ...station },
    receivedAt: receivedAt ?? occurredAt,
  };
}

export function rackAt(stage: string, status: RackStatus, overrides: Partial<RackState> = {}): RackState {
  const held: RackPosition | null = status === 'on_hold' ? { stage, status: 'in_progress' } : null;
  return {
    serial: RACK,
    model: DEFAULT_ROUTE.model,
    route: DEFAULT_ROUTE,
    stage,
    status,
    held,
    reworkCount: 0,
    failureCount: 0,
    slotCounts: {},
    stateEnteredAt: T0,
    lastEventAt: T0,
    location: null,
    soak: null,
    holdReason: null,
    ...overrides,
  };
}

export function componentRef(serial: string, kind: ComponentKind, parentSerial?: string): ComponentRef {
  return {
    serial,
    partNumber: `PN-${kind}`,
    kind,
    supplierId: 'sup-01',
    lot: 'L-01',
    ...(parentSerial === undefined ? {} : { parentSerial }),
  };
}

export function installedComponent(
  serial: string,
  kind: ComponentKind,
  rackSerial: string = RACK,
  parentSerial: string | null = null,
): InstalledComponent {
  return {
    serial,
    rackSerial,
    partNumber: `PN-${kind}`,
    kind,
    supplierId: 'sup-01',
    lot: 'L-01',
    parentSerial,
  };
}

export function contextWith(
  components: InstalledComponent[] = [],
  routes: Readonly<Record<string, RackRoute>> = {},
): RackDecisionContext & { readonly components: InMemoryComponentLocator } {
  return {
    // As the tracker resolves it: a stored route, the built-in default for the default model, else none.
    routeFor: (model) => routeOfModel(model, routes[model]),
    components: new InMemoryComponentLocator(components),
  };
}
