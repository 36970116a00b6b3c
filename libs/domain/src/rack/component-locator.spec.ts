import { describe, expect, it } from '@jest/globals';

import {
  ComponentLocatorOverlay,
  componentLookupsFor,
  InMemoryComponentLocator,
} from './component-locator.js';
import { componentRef, installedComponent, RACK, stationEvent } from './testing/rack-fixtures.js';

const tray = installedComponent('CT-1', 'compute_tray');
const gpu = installedComponent('GPU-1', 'gpu', RACK, 'CT-1');

describe('InMemoryComponentLocator', () => {
  it('finds components and their children', () => {
    const sut = new InMemoryComponentLocator([tray, gpu]);

    expect(sut.find('GPU-1')).toEqual(gpu);
    expect(sut.find('GPU-2')).toBeUndefined();
    expect(sut.childrenOf('CT-1')).toEqual(['GPU-1']);
    expect(sut.childrenOf('GPU-1')).toEqual([]);
    expect(sut.componentsOf(RACK)).toEqual([tray, gpu]);
  });

  it('applies removals and installs', () => {
    const sut = new InMemoryComponentLocator([tray, gpu]);

    sut.apply({ installed: [], removed: [gpu] });
    expect(sut.childrenOf('CT-1')).toEqual([]);
    sut.apply({ installed: [installedComponent('GPU-1', 'gpu', 'RK-2')], removed: [] });
    expect(sut.find('GPU-1')?.rackSerial).toBe('RK-2');
  });

  it('refuses changes that do not fit what it holds', () => {
    const sut = new InMemoryComponentLocator([tray]);

    expect(() => sut.apply({ installed: [tray], removed: [] })).toThrow('already installed');
    expect(() => sut.apply({ installed: [], removed: [gpu] })).toThrow('not installed');
    expect(() => new InMemoryComponentLocator([tray, tray])).toThrow('listed twice');
  });

  it('is not affected by later mutation of the objects it was given', () => {
    const mutable = { ...tray };
    const sut = new InMemoryComponentLocator([mutable]);

    Object.assign(mutable, { rackSerial: 'RK-ELSEWHERE' });

    expect(sut.find('CT-1')?.rackSerial).toBe(RACK);
  });
});

describe('ComponentLocatorOverlay', () => {
  it('layers changes over its base without touching it', () => {
    const base = new InMemoryComponentLocator([tray, gpu]);
    const sut = new ComponentLocatorOverlay(base);

    sut.apply({ installed: [], removed: [gpu] });
    sut.apply({ installed: [installedComponent('GPU-2', 'gpu', RACK, 'CT-1')], removed: [] });

    expect(sut.find('GPU-1')).toBeUndefined();
    expect(sut.childrenOf('CT-1')).toEqual(['GPU-2']);
    expect(base.find('GPU-1')).toEqual(gpu);
    expect(base.childrenOf('CT-1')).toEqual(['GPU-1']);
  });

  it('follows a base component reinstalled under another parent', () => {
    const otherTray = installedComponent('CT-2', 'compute_tray');
    const sut = new ComponentLocatorOverlay(new InMemoryComponentLocator([tray, otherTray, gpu]));

    sut.apply({ installed: [], removed: [gpu] });
    sut.apply({ installed: [installedComponent('GPU-1', 'gpu', RACK, 'CT-2')], removed: [] });

    expect(sut.childrenOf('CT-1')).toEqual([]);
    expect(sut.childrenOf('CT-2')).toEqual(['GPU-1']);
  });
});

describe('componentLookupsFor', () => {
  it('lists every serial a batch touches and the serials whose children it needs', () => {
    const events = [
      stationEvent('component_installed', 'assembly', { components: [componentRef('GPU-1', 'gpu', 'CT-1')] }),
      stationEvent('component_removed', 'assembly', { components: [{ serial: 'CT-9' }] }),
      stationEvent('failed', 'burn_in', {
        failedComponents: ['NIC-3'],
        failures: [{ code: 'XID-79', componentSerial: 'GPU-7' }, { code: 'LEAK-CRITICAL' }],
      }),
    ].map((accepted) => accepted.event);

    expect(componentLookupsFor(events)).toEqual({
      serials: ['GPU-1', 'CT-1', 'CT-9', 'NIC-3', 'GPU-7'],
      parents: ['CT-9'],
    });
  });
});
