import {
  DEFAULT_ROUTE,
  InMemoryComponentLocator,
  RackStateMachine,
  replayRacks,
  type AcceptedStationEvent,
  type RackReplay,
  type RackRoute,
} from '#domain';
import { burnInPositionsOf, type BurnInCellSpec } from './factory-config.js';

/**
 * Replays events through the tracker's own rules (libs/domain) on one route, with an empty component register
 * and the tracker's default clock-skew allowance: the independent reference the simulator's specs check its
 * factory and its fault predictions against.
 */
export function replayOnTrackerRules(
  events: readonly AcceptedStationEvent[],
  route: RackRoute = DEFAULT_ROUTE,
  cells: readonly BurnInCellSpec[] = [],
): RackReplay {
  return replayRacks(
    events,
    { routeFor: () => route, components: new InMemoryComponentLocator(), burnIn: burnInPositionsOf(cells) },
    new RackStateMachine({ maxClockSkewMs: 120_000 }),
  );
}
