import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ROUTE, type RackRoute } from '#domain';
import {
  defaultFactoryConfig,
  factoryRoute,
  liquidCooledRackBillOfMaterials,
  NO_FAULTS,
  type FaultRates,
} from './factory-config.js';
import { replayOnTrackerRules } from './tracker-rules-replay.js';
import { FactoryModel, type PlannedEvent } from './factory-model.js';
import { FaultInjector, type PostItem } from './fault-injector.js';

const START = Date.parse('2026-11-02T00:00:00Z');

function floor(): PlannedEvent[] {
  return new FactoryModel(defaultFactoryConfig(9), { start: START, runId: 'faults' }).advanceTo(
    START + 5 * 86_400_000,
  );
}

/** What the tracker decides on the posts, in the order they reach it (duplicates skipped, as it skips them). */
function trackerDecisions(items: readonly PostItem[], route: RackRoute = DEFAULT_ROUTE): string[] {
  const seen = new Set<string>();
  const replayed: PostItem[] = [];
  const outcomes: (string | null)[] = items.map((item) => {
    if (seen.has(item.event.eventId)) return 'duplicate';
    seen.add(item.event.eventId);
    replayed.push(item);
    return null;
  });
  const decisions = replayOnTrackerRules(
    replayed.map((item) => {
      const occurredAt = new Date(item.event.occurredAt);
      // A runaway clock is far ahead of ingest's receipt.
      const receivedAt =
        item.skewAheadMs === undefined ? occurredAt : new Date(occurredAt.getTime() - item.skewAheadMs);
      return {
        event: { ...item.event, occurredAt },
        station: { stationId: item.station.stationId, stage: item.station.stage, role: item.station.role },
        receivedAt,
      };
    }),
    route,
  ).decisions;
  let next = 0;
  return outcomes.map((outcome) => {
    if (outcome !== null) return outcome;
    const decision = decisions[next++];
    return decision.outcome === 'accepted' ? 'accepted' : `rejected:${decision.reason}`;
  });
}

describe('FaultInjector', () => {
  const route = DEFAULT_ROUTE;

  it('passes the floor through untouched without faults, every post expected to be accepted', () => {
    const planned = floor();
    const sut = new FaultInjector(NO_FAULTS, route, 'none');
    const items = sut.process(planned);
    expect(items.map((item) => item.event)).toEqual(planned.map((event) => event.event));
    expect(items.every((item) => item.expected === 'accepted' && item.fault === null)).toBe(true);
  });

  it('predicts exactly what the tracker decides on every post, whatever the faults', () => {
    const faults: FaultRates = {
      duplicate: 0.05,
      outOfOrder: 0.03,
      illegal: 0.03,
      clockSkew: 0.02,
      burstPerStationHour: 0,
      burstMinutes: 20,
    };
    const sut = new FaultInjector(faults, route, 'many');
    const items = [...sut.process(floor()), ...sut.flush()];
    expect(items.map((item) => item.expected)).toEqual(trackerDecisions(items));
    expect(sut.injected.duplicate).toBeGreaterThan(0);
    expect(sut.injected.out_of_order).toBeGreaterThan(0);
    expect(sut.injected.illegal).toBeGreaterThan(0);
    expect(sut.injected.clock_skew).toBeGreaterThan(0);
  });

  it('posts an overtaking event, then the one it overtook, then the overtaker again under a new id', () => {
    const sut = new FaultInjector({ ...NO_FAULTS, outOfOrder: 1 }, route, 'swap');
    const planned = floor();
    const serial = planned[0].event.rackSerial;
    const rack = planned.filter((event) => event.event.rackSerial === serial).slice(0, 2);
    const items = sut.process(rack);
    expect(items.map((item) => [item.event.type, item.fault, item.expected])).toEqual([
      [rack[1].event.type, 'out_of_order', 'rejected:illegal_transition'],
      [rack[0].event.type, null, 'accepted'],
      [rack[1].event.type, 'correction', 'accepted'],
    ]);
    expect(items[2].event.eventId).not.toBe(items[0].event.eventId);
    expect({ ...items[2].event, eventId: '' }).toEqual({ ...items[0].event, eventId: '' });
  });

  it('holds back an event for an out-of-order fault only until the end of the run', () => {
    const sut = new FaultInjector({ ...NO_FAULTS, outOfOrder: 1 }, route, 'flush');
    const first = floor()[0];
    expect(sut.process([first])).toEqual([]);
    expect(sut.flush().map((item) => item.event)).toEqual([first.event]);
  });

  describe('with a bill of materials', () => {
    const config = {
      ...defaultFactoryConfig(4),
      rackModel: 'gb200-nvl72',
      billOfMaterials: liquidCooledRackBillOfMaterials(),
    };
    const builtRoute = factoryRoute(config);
    const builtFloor = () =>
      new FactoryModel(config, { start: START, runId: 'built' }).advanceTo(START + 3 * 86_400_000);

    it('predicts what the tracker decides on genealogy under every fault, reused serials included', () => {
      const faults: FaultRates = {
        duplicate: 0.03,
        outOfOrder: 0.03,
        illegal: 0.02,
        clockSkew: 0.01,
        burstPerStationHour: 0,
        burstMinutes: 20,
        componentReuse: 0.05,
      };
      const sut = new FaultInjector(faults, builtRoute, 'built-many');
      const items = [...sut.process(builtFloor()), ...sut.flush()];
      expect(items.map((item) => item.expected)).toEqual(trackerDecisions(items, builtRoute));
      expect(sut.injected.component_in_use).toBeGreaterThan(20);
      const reused = items.filter((item) => item.fault === 'component_in_use');
      expect(new Set(reused.map((item) => item.expected))).toEqual(new Set(['rejected:component_in_use']));
      // An install overtaken by the rack's completion leaves assembly short of slots until it is re-posted.
      expect(items.some((item) => item.expected === 'rejected:required_slots_unmet')).toBe(true);
    });

    it('scans a serial already built into another rack, then the right parts', () => {
      const sut = new FaultInjector({ ...NO_FAULTS, componentReuse: 1 }, builtRoute, 'reuse');
      const items = sut.process(builtFloor());
      const first = items.findIndex((item) => item.fault === 'component_in_use');
      expect(first).toBeGreaterThan(0);
      const mistake = items[first];
      const [reusedSerial] = mistake.event.components!.map((component) => component.serial);
      const builtInto = items.find(
        (item) =>
          item.event.type === 'component_installed' &&
          item.fault === null &&
          item.event.components!.some((component) => component.serial === reusedSerial),
      );
      expect(builtInto?.event.rackSerial).not.toBe(mistake.event.rackSerial);
      expect(items[first + 1]).toMatchObject({ fault: null, expected: 'accepted' });
      expect(items[first + 1].event.type).toBe('component_installed');
      expect(items.filter((item) => item.fault === null).every((item) => item.expected === 'accepted')).toBe(
        true,
      );
    });
  });
});
