import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ROUTE, InMemoryComponentLocator, RackStateMachine, replayRacks } from '#domain';
import { defaultFactoryConfig, demoFactoryConfig } from './factory-config.js';
import { FactoryModel, type PlannedEvent } from './factory-model.js';

const START = Date.parse('2026-11-02T00:00:00Z');
const WEEK = 7 * 86_400_000;

function replay(events: readonly PlannedEvent[]) {
  return replayRacks(
    events.map((planned) => ({
      event: { ...planned.event, occurredAt: new Date(planned.event.occurredAt) },
      station: {
        stationId: planned.station.stationId,
        stage: planned.station.stage,
        role: planned.station.role,
      },
      receivedAt: new Date(planned.at + 100),
    })),
    { routeFor: () => DEFAULT_ROUTE, components: new InMemoryComponentLocator() },
    new RackStateMachine({ maxClockSkewMs: 120_000 }),
  );
}

describe('FactoryModel', () => {
  const sut = () => new FactoryModel(defaultFactoryConfig(3), { start: START, runId: 'spec' });

  it('is reproducible: the same seed and run id give the same events, another run id other serials and ids', () => {
    const first = sut().advanceTo(START + WEEK);
    const second = sut().advanceTo(START + WEEK);
    const other = new FactoryModel(defaultFactoryConfig(3), { start: START, runId: 'other' }).advanceTo(
      START + WEEK,
    );
    expect(second).toEqual(first);
    expect(other[0].event.rackSerial).not.toBe(first[0].event.rackSerial);
    const firstIds = new Set(first.map((planned) => planned.event.eventId));
    expect(other.filter((planned) => firstIds.has(planned.event.eventId))).toEqual([]);
  });

  it('reports a week in time order, every event legal for its rack, from a registered station', () => {
    const model = sut();
    const events = model.advanceTo(START + WEEK);
    const times = events.map((planned) => planned.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeLessThanOrEqual(START + WEEK);
    const decisions = replay(events).decisions;
    expect(decisions.filter((decision) => decision.outcome === 'rejected')).toEqual([]);
    const stations = new Set(model.stations().map((station) => station.stationId));
    expect(
      events.every(
        (planned) =>
          stations.has(planned.event.stationId) && planned.event.stationId === planned.station.stationId,
      ),
    ).toBe(true);
    expect(new Set(events.map((planned) => planned.event.eventId)).size).toBe(events.length);
  });

  it('makes about its weekly target once the line is full, with failures, rework, holds and scraps along the way', () => {
    const model = sut();
    model.advanceTo(START + WEEK); // fill the line
    const shippedBefore = model.totals.racksShipped;
    const week = model.advanceTo(START + 2 * WEEK);
    const shipped = model.totals.racksShipped - shippedBefore;
    expect(shipped).toBeGreaterThan(850);
    expect(shipped).toBeLessThan(1100);
    const types = new Set(week.map((planned) => planned.event.type));
    for (const type of [
      'started',
      'completed',
      'passed',
      'failed',
      'rework_started',
      'rework_completed',
      'hold',
      'release',
    ])
      expect(types).toContain(type);
    expect(week.filter((planned) => planned.final).length).toBe(
      week.filter(
        (planned) =>
          planned.event.type === 'scrap' ||
          (planned.event.type === 'completed' && planned.event.stage === 'ship'),
      ).length,
    );
  });

  it('runs the demo: fab-b, one line at 550 racks a week, ships about half its target of 1,000', () => {
    const model = new FactoryModel(demoFactoryConfig(1), { start: START, runId: 'demo' });
    model.advanceTo(START + WEEK);
    const before = model
      .advanceTo(START + 2 * WEEK)
      .filter((planned) => planned.final && planned.event.type === 'completed');
    const bySite = (site: string) => before.filter((planned) => planned.station.siteId === site).length;
    expect(bySite('fab-b')).toBeLessThan(650);
    expect(bySite('fab-a')).toBeGreaterThan(950);
  });

  it('take() returns at least the events asked for, in order', () => {
    const events = sut().take(500);
    expect(events.length).toBeGreaterThanOrEqual(500);
    expect(events.map((planned) => planned.at)).toEqual(
      events.map((planned) => planned.at).sort((a, b) => a - b),
    );
  });
});
