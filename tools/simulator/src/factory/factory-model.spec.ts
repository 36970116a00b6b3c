import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors, StationEventDto } from '#contracts';
import { DEFAULT_ALERT_RULES, DEFAULT_ROUTE, judgeLots, type RackRoute } from '#domain';
import {
  configProblems,
  defaultFactoryConfig,
  demoFactoryConfig,
  factoryCells,
  factoryRoute,
  largeFactoryConfig,
  liquidCooledRackBillOfMaterials,
  partCountsByKind,
  type BurnInCellSpec,
  type FactoryConfig,
} from './factory-config.js';
import { replayOnTrackerRules } from './tracker-rules-replay.js';
import { FactoryModel, type PlannedEvent, type PostedComponent } from './factory-model.js';

const START = Date.parse('2026-11-02T00:00:00Z');
const WEEK = 7 * 86_400_000;

function replay(
  events: readonly PlannedEvent[],
  route: RackRoute = DEFAULT_ROUTE,
  cells: readonly BurnInCellSpec[] = [],
) {
  return replayOnTrackerRules(
    events.map((planned) => ({
      event: { ...planned.event, occurredAt: new Date(planned.event.occurredAt) },
      station: {
        stationId: planned.station.stationId,
        stage: planned.station.stage,
        role: planned.station.role,
      },
      receivedAt: new Date(planned.at + 100),
    })),
    route,
    cells,
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

const COMPONENT_EVENT_TYPES = new Set(['component_installed', 'component_removed']);

function builtRackConfig(seed: number): FactoryConfig {
  return {
    ...defaultFactoryConfig(seed),
    rackModel: 'gb200-nvl72',
    billOfMaterials: liquidCooledRackBillOfMaterials(),
  };
}

function contractProblems(planned: PlannedEvent): string[] {
  const dto = plainToInstance(StationEventDto, planned.event);
  return describeValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

describe('FactoryModel without a bill of materials', () => {
  it('posts no genealogy for the configurations the benchmarks and the chaos suite build', () => {
    for (const config of [defaultFactoryConfig(3), largeFactoryConfig(7, 4)]) {
      expect(config.billOfMaterials).toBeUndefined();
      const events = new FactoryModel(config, { start: START, runId: 'plain' }).advanceTo(
        START + 2 * 86_400_000,
      );
      expect(events.length).toBeGreaterThan(1000);
      expect(events.filter((planned) => COMPONENT_EVENT_TYPES.has(planned.event.type))).toEqual([]);
      expect(events.filter((planned) => planned.event.failedComponents !== undefined)).toEqual([]);
    }
  });
});

describe('FactoryModel with a bill of materials', () => {
  const bom = liquidCooledRackBillOfMaterials();
  const config = builtRackConfig(5);
  const route = factoryRoute(config);
  // Four days of a 1,000-racks-a-week site: several hundred racks built, burnt in, reworked and shipped.
  const events = new FactoryModel(config, { start: START, runId: 'bom' }).advanceTo(START + 4 * 86_400_000);
  const byType = (type: string) => events.filter((planned) => planned.event.type === type);

  it('is a valid configuration whose route requires every slot the bill fills', () => {
    expect(configProblems(config)).toEqual([]);
    expect(configProblems(demoFactoryConfig(1))).toEqual([]);
    expect(route.requiredSlots).toEqual({
      compute_tray: 18,
      gpu: 72,
      cpu: 36,
      nic: 72,
      switch_tray: 9,
      psu: 24,
      cable_cartridge: 4,
      cooling: 2,
    });
    // The built-in default route has no slots, so a default-model factory must not claim any.
    expect(factoryRoute({ ...config, rackModel: 'default' }).requiredSlots).toEqual({});
  });

  it('replays through the state machine without a single refusal, every built rack full when it ships', () => {
    const racksStarted = new Set(byType('started').map((planned) => planned.event.rackSerial)).size;
    expect(racksStarted).toBeGreaterThan(400);
    const { decisions, racks } = replay(events, route);
    expect(decisions.filter((decision) => decision.outcome === 'rejected')).toEqual([]);
    const shipped = [...racks.values()].filter((rack) => rack.status === 'shipped');
    expect(shipped.length).toBeGreaterThan(300);
    const full = partCountsByKind(bom);
    expect(shipped.filter((rack) => JSON.stringify(rack.slotCounts) !== JSON.stringify(full))).toEqual([]);
    expect(shipped.every((rack) => rack.model === 'gb200-nvl72')).toBe(true);
  });

  it('builds each rack at assembly, between started and completed, in a few events of whole trays', () => {
    const position = new Map<string, string>();
    const installEvents = new Map<string, number>();
    const problems: string[] = [];
    for (const { event } of events) {
      const rack = event.rackSerial;
      if (event.type === 'component_installed' && event.stage === 'assembly') {
        if (position.get(rack) !== 'in_progress')
          problems.push(`${rack} installs while ${position.get(rack)}`);
        installEvents.set(rack, (installEvents.get(rack) ?? 0) + 1);
        if (event.components!.length > bom.componentsPerEvent)
          problems.push(`${rack} installs too many at once`);
      }
      if (event.stage !== 'assembly') continue;
      if (event.type === 'started' || event.type === 'release') position.set(rack, 'in_progress');
      if (event.type === 'hold') position.set(rack, 'on_hold');
      if (event.type === 'completed') {
        position.set(rack, 'completed');
        if (installEvents.get(rack) !== 6)
          problems.push(`${rack} completed after ${installEvents.get(rack)} installs`);
      }
    }
    expect(problems).toEqual([]);
    expect(byType('hold').filter((planned) => planned.event.stage === 'assembly').length).toBeGreaterThan(5);
    expect(
      byType('completed').filter((planned) => planned.event.stage === 'assembly').length,
    ).toBeGreaterThan(300);
  });

  it('installs every parent before its children and no serial in two racks', () => {
    const installedIn = new Map<string, string>();
    const everInstalledIn = new Map<string, string>();
    const problems: string[] = [];
    for (const { event } of events) {
      for (const component of event.components ?? []) {
        if (event.type === 'component_removed') {
          installedIn.delete(component.serial);
          continue;
        }
        if (event.type !== 'component_installed') continue;
        if (
          component.parentSerial !== undefined &&
          installedIn.get(component.parentSerial) !== event.rackSerial
        )
          problems.push(`${component.serial} installed before its parent ${component.parentSerial}`);
        const earlier = everInstalledIn.get(component.serial);
        if (earlier !== undefined && earlier !== event.rackSerial)
          problems.push(`${component.serial} installed in ${earlier} and ${event.rackSerial}`);
        installedIn.set(component.serial, event.rackSerial);
        everInstalledIn.set(component.serial, event.rackSerial);
      }
    }
    expect(problems).toEqual([]);
    expect(everInstalledIn.size).toBeGreaterThan(400 * 237);
  });

  it('fails burn-in by naming installed parts, with readings outside their limits', () => {
    const failed = byType('failed').filter((planned) => planned.event.stage === 'burn_in');
    expect(failed.length).toBeGreaterThan(20);
    const installedIn = new Map<string, string>();
    const problems: string[] = [];
    for (const { event } of events) {
      if (event.type === 'component_installed')
        for (const component of event.components!) installedIn.set(component.serial, event.rackSerial);
      if (event.type === 'component_removed')
        for (const component of event.components!) installedIn.delete(component.serial);
      if (event.type !== 'failed' || event.stage !== 'burn_in') continue;
      const named = event.failedComponents ?? [];
      if (named.length === 0) problems.push(`${event.rackSerial} failed burn-in naming no part`);
      for (const serial of named)
        if (installedIn.get(serial) !== event.rackSerial)
          problems.push(`${event.rackSerial} blames ${serial}, installed in ${installedIn.get(serial)}`);
      const outside = (event.measurements ?? []).filter(
        (measurement) =>
          (measurement.high !== undefined && measurement.value > measurement.high) ||
          (measurement.low !== undefined && measurement.value < measurement.low),
      );
      if (outside.length < named.length)
        problems.push(`${event.rackSerial} names ${named.length} parts but ${outside.length} bad readings`);
    }
    expect(problems).toEqual([]);
    // The other test stage keeps its flat rate and names no parts.
    expect(byType('failed').filter((planned) => planned.event.stage === 'qa').length).toBeGreaterThan(0);
    expect(
      byType('failed').filter((planned) => planned.event.stage === 'qa' && planned.event.failedComponents),
    ).toEqual([]);
  });

  it('swaps each part its disposition condemns for a new serial of the same part, keeps the rest, and puts children back', () => {
    // What the tracker tells the line to do with each failed part: replace_part and engineering_hold take it out.
    const { decisions } = replay(events, route);
    const condemned = new Map<string, string[]>();
    const kept = new Map<string, string[]>();
    decisions.forEach((decision, index) => {
      if (decision.outcome !== 'accepted' || decision.dispositions.length === 0) return;
      const eventId = events[index]!.event.eventId;
      for (const { action, componentSerial } of decision.dispositions) {
        const into = action === 'replace_part' || action === 'engineering_hold' ? condemned : kept;
        into.set(eventId, [...(into.get(eventId) ?? []), componentSerial!]);
      }
    });
    expect(kept.size).toBeGreaterThan(5);
    const installedComponent = new Map<string, PostedComponent>();
    for (const planned of byType('component_installed'))
      for (const component of planned.event.components!) installedComponent.set(component.serial, component);
    const byRack = new Map<string, PlannedEvent[]>();
    for (const planned of events) {
      const list = byRack.get(planned.event.rackSerial) ?? [];
      list.push(planned);
      byRack.set(planned.event.rackSerial, list);
    }
    let swapped = 0;
    for (const history of byRack.values()) {
      history.forEach((planned, index) => {
        if (planned.event.failures === undefined) return;
        const failedSerials = condemned.get(planned.event.eventId) ?? [];
        const keptSerials = kept.get(planned.event.eventId) ?? [];
        const after = history.slice(index + 1);
        const reworkEnd = after.findIndex((next) => next.event.type === 'rework_completed');
        if (after[0]?.event.type === 'scrap' || after.length === 0) return;
        // Simulated time may end mid-rework; only whole reworks are checked.
        if (reworkEnd < 0) return;
        const rework = after.slice(0, reworkEnd);
        // An engineering hold is released by the material review board before rework starts.
        const mrb = rework[0].event.type === 'release';
        if (mrb) expect(rework[0].event.reasonCode).toBe('mrb');
        expect(rework[mrb ? 1 : 0]!.event.type).toBe('rework_started');
        const removed = new Set(
          rework
            .filter((next) => next.event.type === 'component_removed')
            .flatMap((next) => next.event.components!.map((component) => component.serial)),
        );
        const installed = rework
          .filter((next) => next.event.type === 'component_installed')
          .flatMap((next) => next.event.components!);
        for (const serial of failedSerials) {
          expect(removed.has(serial)).toBe(true);
          const old = installedComponent.get(serial)!;
          const replacement = installed.filter(
            (component) =>
              component.partNumber === old.partNumber &&
              component.kind === old.kind &&
              !removed.has(component.serial) &&
              (old.parentSerial === undefined) === (component.parentSerial === undefined),
          );
          expect(replacement.length).toBeGreaterThan(0);
          swapped += 1;
        }
        for (const serial of keptSerials) expect(removed.has(serial)).toBe(false);
        // Children of a removed parent come back (same serials) into its replacement.
        const reinstalled = installed.filter((component) => removed.has(component.serial));
        for (const component of reinstalled) expect(failedSerials).not.toContain(component.serial);
        expect(installed.length).toBe(removed.size);
      });
    }
    // Most first failures are retested or reseated; the repeats and the hard failures are swapped.
    expect(swapped).toBeGreaterThan(10);
  });

  it('reports failure codes by part kind, escalates repeats, and lets one supplier lot escape', () => {
    const { decisions } = replay(events, route);
    const dispositions = decisions.flatMap((decision) =>
      decision.outcome === 'accepted' ? decision.dispositions : [],
    );
    const kindOf = new Map<string, string>();
    const lotOf = new Map<string, { lot: string; supplierId: string; partNumber: string }>();
    for (const planned of byType('component_installed'))
      for (const component of planned.event.components!) {
        kindOf.set(component.serial, component.kind!);
        lotOf.set(component.serial, {
          lot: component.lot!,
          supplierId: component.supplierId!,
          partNumber: component.partNumber!,
        });
      }
    // GPUs report Xid and DCGM codes, manifolds coolant and leak states.
    const namespacesOf = (kind: string) =>
      new Set(
        dispositions
          .filter((d) => kindOf.get(d.componentSerial!) === kind)
          .map((d) => d.code.slice(0, d.code.indexOf('-'))),
      );
    expect([...namespacesOf('gpu')].every((namespace) => ['XID', 'DCGM'].includes(namespace))).toBe(true);
    expect([...namespacesOf('cooling')].every((namespace) => ['COOLANT', 'LEAK'].includes(namespace))).toBe(
      true,
    );
    // A part reseated or retested often fails again: the repeat takes the next action.
    expect(dispositions.filter((d) => d.occurrence >= 2).length).toBeGreaterThan(3);
    // Lot KR-B-0002 fails far more often than the supplier's other GPU lots.
    const installs = new Map<string, number>();
    for (const { lot } of lotOf.values()) installs.set(lot, (installs.get(lot) ?? 0) + 1);
    const failedParts = new Set(dispositions.map((d) => d.componentSerial!));
    const lots = [...installs].flatMap(([lot, installed]) => {
      const sample = [...lotOf.values()].find((entry) => entry.lot === lot)!;
      const failed = [...failedParts].filter((serial) => lotOf.get(serial)?.lot === lot).length;
      return [{ ...sample, installed, failed }];
    });
    // Small lots of a part that fails often (manifolds, 100 a lot) can cross the line by chance too; the escaped
    // lot is the worst.
    const [worst, next] = judgeLots(lots, DEFAULT_ALERT_RULES.lotEscape);
    expect(worst).toMatchObject({ lot: 'KR-B-0002', supplierId: 'sup-kr-02' });
    expect(worst!.ratio).toBeGreaterThan(next?.ratio ?? 0);
  });

  it('posts only what the contract accepts', () => {
    const firstRacks = new Set(events.slice(0, 2000).map((planned) => planned.event.rackSerial));
    const sample = events.filter(
      (planned) =>
        firstRacks.has(planned.event.rackSerial) ||
        planned.event.failedComponents !== undefined ||
        planned.event.type === 'component_removed',
    );
    expect(sample.length).toBeGreaterThan(500);
    expect(sample.flatMap(contractProblems)).toEqual([]);
  });

  it("fails the worse supplier's GPUs about five times as often, per GPU built in", () => {
    const model = new FactoryModel(builtRackConfig(8), { start: START, runId: 'suppliers' });
    const supplierOf = new Map<string, string>();
    const installedBy = new Map<string, number>();
    const failedBy = new Map<string, number>();
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const { event } of model.advanceTo(START + 21 * 86_400_000)) {
      if (event.type === 'component_installed')
        for (const component of event.components!)
          if (component.kind === 'gpu') {
            supplierOf.set(component.serial, component.supplierId!);
            add(installedBy, component.supplierId!);
          }
      for (const serial of event.failedComponents ?? [])
        if (supplierOf.has(serial)) add(failedBy, supplierOf.get(serial)!);
    }
    const rate = (supplier: string) => (failedBy.get(supplier) ?? 0) / installedBy.get(supplier)!;
    expect(failedBy.get('sup-kr-02')).toBeGreaterThan(30);
    expect(rate('sup-kr-02')).toBeGreaterThan(3 * rate('sup-tw-02'));
    expect(model.totals.componentsReplaced).toBeGreaterThan(0);
  });
});

describe('FactoryModel with a burn-in soak (the demo)', () => {
  const config = demoFactoryConfig(2);
  const route = factoryRoute(config);
  // Four days: the 12 h soak fills fab-a's 96 positions and overruns fab-b's 36.
  const events = new FactoryModel(config, { start: START, runId: 'soak' }).advanceTo(START + 4 * 86_400_000);
  const atBurnIn = (type: string) =>
    events.filter((planned) => planned.event.stage === 'burn_in' && planned.event.type === type);

  it('replays through the tracker rules without a refusal: every soak long enough, no position held twice', () => {
    expect(atBurnIn('passed').length).toBeGreaterThan(300);
    const { decisions } = replay(events, route, factoryCells(config));
    expect(decisions.filter((decision) => decision.outcome === 'rejected')).toEqual([]);
  });

  it('starts every burn-in run in a position of its own site, and retests where the rack stood', () => {
    const starts = atBurnIn('started');
    expect(starts.every((planned) => planned.event.location !== undefined)).toBe(true);
    const cellsOf = (site: string) =>
      new Set(
        (config.sites.find((entry) => entry.siteId === site)?.burnInCells ?? []).map((cell) => cell.cellId),
      );
    expect(starts.every((planned) => cellsOf(planned.station.siteId).has(planned.event.location!.cell))).toBe(
      true,
    );
    const firstStart = new Map<string, string>();
    let retests = 0;
    for (const planned of starts) {
      const where = JSON.stringify(planned.event.location);
      const before = firstStart.get(planned.event.rackSerial);
      if (before === undefined) firstStart.set(planned.event.rackSerial, where);
      else {
        retests += 1;
        expect(where).toBe(before);
      }
    }
    expect(retests).toBeGreaterThan(0);
  });

  it('holds fab-b to what its 36 positions can soak, so racks queue for burn-in there', () => {
    const perDay = (site: string) =>
      atBurnIn('passed').filter(
        (planned) => planned.station.siteId === site && planned.at >= START + 2 * 86_400_000,
      ).length / 2;
    // 36 positions × 24 h ÷ 12 h = 72 runs a day at most; fab-b's line sends ~79 a day.
    expect(perDay('fab-b')).toBeLessThanOrEqual(72);
    expect(perDay('fab-a')).toBeGreaterThan(140);
  });

  it('says why a rack is held, with a code, and releases it with the same code', () => {
    const holds = events.filter((planned) => planned.event.type === 'hold');
    expect(holds.length).toBeGreaterThan(0);
    expect(
      holds.every((planned) => planned.event.reason !== undefined && planned.event.reasonCode !== undefined),
    ).toBe(true);
    expect(
      events
        .filter((planned) => planned.event.type === 'release')
        .every((planned) => planned.event.reasonCode),
    ).toBe(true);
  });
});
