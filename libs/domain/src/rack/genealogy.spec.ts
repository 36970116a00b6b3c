import { describe, expect, it } from '@jest/globals';

import type { AcceptedRackDecision, RackDecision, RejectedRackDecision } from './rack-decision.js';
import { defineRoute } from './rack-route.js';
import { RackStateMachine } from './rack-state-machine.js';
import type { RackState } from './rack-state.js';
import type { RejectionReason } from './rack-vocabulary.js';
import type { Measurement } from './station-event.js';
import {
  componentRef,
  contextWith,
  installedComponent,
  RACK,
  rackAt,
  stationEvent,
} from './testing/rack-fixtures.js';

const sut = new RackStateMachine({ maxClockSkewMs: 0 });
const OTHER_RACK = 'RK-2026-000999';

function expectAccepted(decision: RackDecision): AcceptedRackDecision {
  if (decision.outcome !== 'accepted') {
    throw new Error(`expected acceptance, got ${decision.reason}: ${decision.detail}`);
  }
  return decision;
}

function expectRejected(decision: RackDecision, reason: RejectionReason): RejectedRackDecision {
  if (decision.outcome !== 'rejected') {
    throw new Error(
      `expected ${reason}, got acceptance at (${decision.rack.stage}, ${decision.rack.status})`,
    );
  }
  expect(decision.reason).toBe(reason);
  return decision;
}

const assembling = rackAt('assembly', 'in_progress');

describe('component installs', () => {
  it('installs a tray and a GPU seated in it within one event', () => {
    const context = contextWith();

    const decision = expectAccepted(
      sut.decide(
        assembling,
        stationEvent('component_installed', 'assembly', {
          components: [componentRef('CT-1', 'compute_tray'), componentRef('GPU-1', 'gpu', 'CT-1')],
        }),
        context,
      ),
    );

    expect(decision.installed).toEqual([
      installedComponent('CT-1', 'compute_tray'),
      installedComponent('GPU-1', 'gpu', RACK, 'CT-1'),
    ]);
    expect(decision.removed).toEqual([]);
    expect(decision.rack.slotCounts).toEqual({ compute_tray: 1, gpu: 1 });
    expect(decision.rack.status).toBe('in_progress');
    context.components.apply(decision);
    expect(context.components.childrenOf('CT-1')).toEqual(['GPU-1']);
  });

  it('adds to the counts already on the rack', () => {
    const rack = rackAt('assembly', 'in_progress', { slotCounts: { gpu: 3 } });

    const decision = expectAccepted(
      sut.decide(
        rack,
        stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-4', 'gpu')] }),
        contextWith(),
      ),
    );

    expect(decision.rack.slotCounts).toEqual({ gpu: 4 });
  });

  it('refuses a component that sits in another rack, naming that rack', () => {
    const context = contextWith([installedComponent('GPU-1', 'gpu', OTHER_RACK)]);

    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-1', 'gpu')] }),
      context,
    );

    expect(expectRejected(decision, 'component_in_use').detail).toBe(
      `component GPU-1 is already installed in rack ${OTHER_RACK}`,
    );
  });

  it('refuses to install a component twice in the same rack', () => {
    const context = contextWith([installedComponent('GPU-1', 'gpu')]);

    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-1', 'gpu')] }),
      context,
    );

    expect(expectRejected(decision, 'component_in_use').detail).toContain(RACK);
  });

  it('refuses a serial listed twice in one event', () => {
    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', {
        components: [componentRef('GPU-1', 'gpu'), componentRef('GPU-1', 'gpu')],
      }),
      contextWith(),
    );

    expectRejected(decision, 'component_in_use');
  });

  it('refuses a parent that is not installed anywhere', () => {
    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', {
        components: [componentRef('GPU-1', 'gpu', 'CT-404')],
      }),
      contextWith(),
    );

    expect(expectRejected(decision, 'parent_not_installed').detail).toContain('CT-404');
  });

  it('refuses a parent that sits in another rack', () => {
    const context = contextWith([installedComponent('CT-1', 'compute_tray', OTHER_RACK)]);

    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-1', 'gpu', 'CT-1')] }),
      context,
    );

    expect(expectRejected(decision, 'parent_not_installed').detail).toContain(OTHER_RACK);
  });

  it('refuses a parent listed after its child in the same event', () => {
    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', {
        components: [componentRef('GPU-1', 'gpu', 'CT-1'), componentRef('CT-1', 'compute_tray')],
      }),
      contextWith(),
    );

    expectRejected(decision, 'parent_not_installed');
  });

  it('accepts a parent installed by an earlier event', () => {
    const context = contextWith([installedComponent('CT-1', 'compute_tray')]);

    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-1', 'gpu', 'CT-1')] }),
      context,
    );

    expect(expectAccepted(decision).installed[0]?.parentSerial).toBe('CT-1');
  });

  it('refuses an install without the traceability fields as malformed', () => {
    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [{ serial: 'GPU-1', kind: 'gpu' }] }),
      contextWith(),
    );

    expectRejected(decision, 'malformed');
  });

  it('refuses an event that lists no components', () => {
    const decision = sut.decide(
      assembling,
      stationEvent('component_installed', 'assembly', { components: [] }),
      contextWith(),
    );

    expect(expectRejected(decision, 'illegal_transition').detail).toBe(
      'component_installed at assembly lists no components',
    );
  });

  it('accepts installs during rework at a later stage', () => {
    const decision = sut.decide(
      rackAt('burn_in', 'rework'),
      stationEvent('component_installed', 'burn_in', { components: [componentRef('GPU-9', 'gpu')] }),
      contextWith(),
    );

    expect(expectAccepted(decision).rack).toMatchObject({
      stage: 'burn_in',
      status: 'rework',
      slotCounts: { gpu: 1 },
    });
  });

  it('refuses installs on a held rack', () => {
    const decision = sut.decide(
      rackAt('assembly', 'on_hold'),
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-9', 'gpu')] }),
      contextWith(),
    );

    expectRejected(decision, 'illegal_transition');
  });
});

describe('component removals', () => {
  const built: RackState = rackAt('assembly', 'in_progress', { slotCounts: { compute_tray: 1, gpu: 2 } });
  const tree = () =>
    contextWith([
      installedComponent('CT-1', 'compute_tray'),
      installedComponent('GPU-1', 'gpu', RACK, 'CT-1'),
      installedComponent('GPU-2', 'gpu', RACK, 'CT-1'),
      installedComponent('GPU-X', 'gpu', OTHER_RACK),
    ]);

  it('removes a leaf and lowers the count', () => {
    const decision = expectAccepted(
      sut.decide(
        built,
        stationEvent('component_removed', 'assembly', { components: [{ serial: 'GPU-2' }] }),
        tree(),
      ),
    );

    expect(decision.removed).toEqual([installedComponent('GPU-2', 'gpu', RACK, 'CT-1')]);
    expect(decision.rack.slotCounts).toEqual({ compute_tray: 1, gpu: 1 });
  });

  it('refuses to remove a component that is not installed', () => {
    const decision = sut.decide(
      built,
      stationEvent('component_removed', 'assembly', { components: [{ serial: 'GPU-404' }] }),
      tree(),
    );

    expect(expectRejected(decision, 'component_not_installed').detail).toContain('GPU-404');
  });

  it('refuses to remove a component installed in another rack', () => {
    const decision = sut.decide(
      built,
      stationEvent('component_removed', 'assembly', { components: [{ serial: 'GPU-X' }] }),
      tree(),
    );

    expect(expectRejected(decision, 'component_not_installed').detail).toContain(OTHER_RACK);
  });

  it('refuses to remove a parent that still holds children', () => {
    const decision = sut.decide(
      built,
      stationEvent('component_removed', 'assembly', {
        components: [{ serial: 'CT-1' }, { serial: 'GPU-1' }],
      }),
      tree(),
    );

    expect(expectRejected(decision, 'component_has_children').detail).toBe(
      'component CT-1 still holds GPU-2; remove them in the same event',
    );
  });

  it('removes a parent together with all its children and drops emptied kinds', () => {
    const decision = expectAccepted(
      sut.decide(
        built,
        stationEvent('component_removed', 'assembly', {
          components: [{ serial: 'CT-1' }, { serial: 'GPU-1' }, { serial: 'GPU-2' }],
        }),
        tree(),
      ),
    );

    expect(decision.removed.map((component) => component.serial)).toEqual(['CT-1', 'GPU-1', 'GPU-2']);
    expect(decision.rack.slotCounts).toEqual({});
  });
});

describe('required slots', () => {
  const dense = defineRoute({
    model: 'nvl72',
    stages: ['assembly', 'burn_in'],
    requiredSlots: { compute_tray: 18 },
  });
  const trays = (count: number) =>
    Array.from({ length: count }, (_, index) => componentRef(`CT-${index + 1}`, 'compute_tray'));

  it('blocks passing assembly until every slot is filled, then allows it', () => {
    const context = contextWith([], { nvl72: dense });
    let rack = expectAccepted(
      sut.decide(undefined, stationEvent('started', 'assembly', { rackModel: 'nvl72' }), context),
    ).rack;
    const first = expectAccepted(
      sut.decide(rack, stationEvent('component_installed', 'assembly', { components: trays(17) }), context),
    );
    context.components.apply(first);
    rack = first.rack;

    const early = sut.decide(rack, stationEvent('passed', 'assembly'), context);
    expect(expectRejected(early, 'required_slots_unmet').detail).toContain('compute_tray 17/18');
    expectRejected(sut.decide(rack, stationEvent('completed', 'assembly'), context), 'required_slots_unmet');

    const last = expectAccepted(
      sut.decide(
        rack,
        stationEvent('component_installed', 'assembly', {
          components: [componentRef('CT-18', 'compute_tray')],
        }),
        context,
      ),
    );
    expect(last.rack.slotCounts).toEqual({ compute_tray: 18 });
    expect(
      expectAccepted(sut.decide(last.rack, stationEvent('passed', 'assembly'), context)).rack.status,
    ).toBe('passed');
  });

  it('does not recheck slots at later stages', () => {
    const rack = rackAt('burn_in', 'in_progress', {
      route: dense,
      model: 'nvl72',
      slotCounts: { compute_tray: 17 },
    });

    expect(
      expectAccepted(sut.decide(rack, stationEvent('passed', 'burn_in'), contextWith())).rack.status,
    ).toBe('shipped');
  });

  it('lets a failure through at assembly even with empty slots', () => {
    const rack = rackAt('assembly', 'in_progress', { route: dense, model: 'nvl72' });

    expectAccepted(sut.decide(rack, stationEvent('failed', 'assembly'), contextWith()));
  });
});

describe('failed components', () => {
  const testing = rackAt('burn_in', 'in_progress');
  const context = () =>
    contextWith([installedComponent('GPU-5', 'gpu'), installedComponent('GPU-X', 'gpu', OTHER_RACK)]);

  it('accepts a failure naming a component of this rack', () => {
    const decision = expectAccepted(
      sut.decide(testing, stationEvent('failed', 'burn_in', { failedComponents: ['GPU-5'] }), context()),
    );

    expect(decision.rack).toMatchObject({ status: 'failed', failureCount: 1 });
  });

  it.each(['GPU-404', 'GPU-X'])('refuses a failure naming %s, which is not in this rack', (serial) => {
    const decision = sut.decide(
      testing,
      stationEvent('failed', 'burn_in', { failedComponents: [serial] }),
      context(),
    );

    expect(expectRejected(decision, 'component_not_installed').detail).toContain(serial);
  });
});

describe('failure codes and dispositions', () => {
  const testing = rackAt('burn_in', 'in_progress');
  const context = () =>
    contextWith([installedComponent('GPU-5', 'gpu'), installedComponent('GPU-X', 'gpu', OTHER_RACK)]);

  it('fails the rack with each code dispositioned by the table in force', () => {
    const decision = expectAccepted(
      sut.decide(
        testing,
        stationEvent('failed', 'burn_in', {
          failures: [{ code: 'XID-79', componentSerial: 'GPU-5', message: 'GPU has fallen off the bus' }],
        }),
        context(),
      ),
    );

    expect(decision.rack).toMatchObject({ status: 'failed', failureCount: 1 });
    expect(decision.dispositions).toEqual([
      expect.objectContaining({
        code: 'XID-79',
        componentSerial: 'GPU-5',
        message: 'GPU has fallen off the bus',
        action: 'reseat',
        tableVersion: 0,
      }),
    ]);
  });

  it('puts the rack on engineering hold with reason code mrb, remembering it failed', () => {
    const decision = expectAccepted(
      sut.decide(
        testing,
        stationEvent('failed', 'burn_in', { failures: [{ code: 'LEAK-CRITICAL' }] }),
        context(),
      ),
    );

    expect(decision.rack).toMatchObject({
      status: 'on_hold',
      held: { stage: 'burn_in', status: 'failed' },
      holdReason: { reason: 'engineering hold (MRB): LEAK-CRITICAL', reasonCode: 'mrb' },
      failureCount: 1,
    });
    expect(decision.transition).toMatchObject({
      reasonCode: 'mrb',
      reason: 'engineering hold (MRB): LEAK-CRITICAL',
      eventType: 'failed',
      to: { stage: 'burn_in', status: 'on_hold' },
    });
  });

  it.each(['GPU-404', 'GPU-X'])('refuses a failure code naming %s, which is not in this rack', (serial) => {
    const decision = sut.decide(
      testing,
      stationEvent('failed', 'burn_in', { failures: [{ code: 'XID-48', componentSerial: serial }] }),
      context(),
    );

    expect(expectRejected(decision, 'component_not_installed').detail).toMatch(
      new RegExp(`^failure XID-48 names part ${serial}, which is not installed in rack ${RACK}`),
    );
  });
});

describe('measurements', () => {
  const testing = rackAt('qa', 'in_progress');
  const inletTemp: Measurement = { name: 'inlet_temp', value: 41, unit: 'C', low: 10, high: 40 };
  const power: Measurement = { name: 'idle_power', value: 12.5, unit: 'kW', high: 20 };

  it('refuses a pass with a measurement above its limit, naming it', () => {
    const decision = sut.decide(
      testing,
      stationEvent('passed', 'qa', { measurements: [power, inletTemp] }),
      contextWith(),
    );

    expect(expectRejected(decision, 'measurement_out_of_limits').detail).toBe(
      'passed at qa has measurements outside their limits: inlet_temp = 41 C (limits 10..40)',
    );
  });

  it('refuses a pass with a measurement below its limit', () => {
    const decision = sut.decide(
      testing,
      stationEvent('passed', 'qa', { measurements: [{ ...inletTemp, value: 9.99 }] }),
      contextWith(),
    );

    expectRejected(decision, 'measurement_out_of_limits');
  });

  it('holds completed to the same limits as passed', () => {
    const decision = sut.decide(
      testing,
      stationEvent('completed', 'qa', { measurements: [inletTemp] }),
      contextWith(),
    );

    expectRejected(decision, 'measurement_out_of_limits');
  });

  it('accepts a pass with measurements on their limits and records them as passed', () => {
    const onLimits = [{ ...inletTemp, value: 10 }, { ...inletTemp, name: 'outlet_temp', value: 40 }, power];

    const decision = expectAccepted(
      sut.decide(testing, stationEvent('passed', 'qa', { measurements: onLimits }), contextWith()),
    );

    expect(decision.measurements).toEqual(onLimits.map((measurement) => ({ ...measurement, passed: true })));
  });

  it('records a failure with its out-of-limits measurements marked as not passed', () => {
    const decision = expectAccepted(
      sut.decide(testing, stationEvent('failed', 'qa', { measurements: [inletTemp, power] }), contextWith()),
    );

    expect(decision.rack.status).toBe('failed');
    expect(decision.measurements).toEqual([
      { ...inletTemp, passed: false },
      { ...power, passed: true },
    ]);
  });

  it('never passes a value that is not a number', () => {
    const decision = sut.decide(
      testing,
      stationEvent('passed', 'qa', { measurements: [{ name: 'fan', value: Number.NaN, unit: 'rpm' }] }),
      contextWith(),
    );

    expectRejected(decision, 'measurement_out_of_limits');
  });
});
