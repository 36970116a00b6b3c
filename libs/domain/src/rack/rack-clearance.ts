import type { BurnInLocation, BurnInPositions } from '../burn-in/burn-in-location.js';
import { InMemoryComponentLocator } from './component-locator.js';
import type { RackRoute } from './rack-route.js';
import type { RackState } from './rack-state.js';
import type { RackStateMachine } from './rack-state-machine.js';
import type { RejectionReason, StationEventType } from './rack-vocabulary.js';
import type { StationContext } from './station-event.js';

/**
 * Event types a terminal may ask clearance for. The genealogy events are left out: whether they are accepted
 * depends on the parts they list, which a "may I start?" question does not carry.
 */
export const CLEARANCE_EVENT_TYPES = [
  'started',
  'completed',
  'passed',
  'failed',
  'rework_started',
  'rework_completed',
  'hold',
  'release',
  'scrap',
] as const satisfies readonly StationEventType[];
export type ClearanceEventType = (typeof CLEARANCE_EVENT_TYPES)[number];

export function isClearanceEventType(value: string): value is ClearanceEventType {
  return (CLEARANCE_EVENT_TYPES as readonly string[]).includes(value);
}

/** "May this station post this event for this rack now?" */
export interface ClearanceQuestion {
  readonly rackSerial: string;
  readonly type: ClearanceEventType;
  readonly station: StationContext;
  /** The stage the event would name; absent, the station's own stage (a supervisor's: the rack's stage). */
  readonly stage?: string;
  /** Consulted only when the rack is unknown, as the event's rackModel would be. */
  readonly rackModel?: string;
  /** Where a `started` at a stage with a dwell would put the rack. */
  readonly location?: BurnInLocation;
  /** The moment of the question: the event's occurredAt and receipt alike. */
  readonly now: Date;
}

export interface ClearanceFacts {
  /** The rack as the tracker last applied it; undefined when it has never been seen. */
  readonly rack: RackState | undefined;
  readonly routeFor: (model: string) => RackRoute | undefined;
  /** The burn-in cells and who holds their positions at the rack's site (or the station's, for a new rack). */
  readonly burnIn?: BurnInPositions;
}

export type ClearanceVerdict =
  | { readonly cleared: true }
  | { readonly cleared: false; readonly reason: RejectionReason; readonly detail: string };

// The clearance question is never an event in Kafka; this id only satisfies the event's shape.
const HYPOTHETICAL_EVENT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Asks the tracker's own state machine what it would decide on the event the terminal is about to post,
 * against the state as last applied. Not a second copy of the rules: the verdict is `decide`'s, so a route,
 * a dwell, a position, a hold or a scrap refuses here exactly as it would refuse the event.
 */
export function decideClearance(
  machine: RackStateMachine,
  question: ClearanceQuestion,
  facts: ClearanceFacts,
): ClearanceVerdict {
  const stage =
    question.stage ??
    (question.station.role === 'supervisor' && facts.rack !== undefined
      ? facts.rack.stage
      : question.station.stage);
  const decision = machine.decide(
    facts.rack,
    {
      event: {
        eventId: HYPOTHETICAL_EVENT_ID,
        rackSerial: question.rackSerial,
        stationId: question.station.stationId,
        stage,
        type: question.type,
        occurredAt: question.now,
        ...(question.rackModel === undefined ? {} : { rackModel: question.rackModel }),
        ...(question.location === undefined ? {} : { location: question.location }),
      },
      station: question.station,
      receivedAt: question.now,
    },
    {
      routeFor: facts.routeFor,
      // The question lists no parts, so no genealogy rule can apply to it.
      components: new InMemoryComponentLocator([]),
      ...(facts.burnIn === undefined ? {} : { burnIn: facts.burnIn }),
    },
  );
  return decision.outcome === 'accepted'
    ? { cleared: true }
    : { cleared: false, reason: decision.reason, detail: decision.detail };
}
