import { describe, expect, it } from '@jest/globals';
import {
  countComponents,
  countryName,
  findComponent,
  formatLimits,
  limitVerdict,
  rackPagePath,
  rackSerialOfPath,
  usableTimeZone,
  wholePercents,
} from './rack-format.js';
import type { ComponentNode } from './rack-detail-types.js';

const node = (serial: string, children: ComponentNode[] = []): ComponentNode => ({
  serial,
  partNumber: 'P',
  kind: 'gpu',
  supplierId: 's',
  lot: 'l',
  parentSerial: null,
  installedAt: '2026-11-20T00:00:00.000Z',
  installedEventId: '00000000-0000-4000-8000-000000000001',
  children,
});

describe('rack page formatting', () => {
  it('falls back to UTC for a zone the browser lacks', () => {
    expect(usableTimeZone('Mars/Olympus')).toBe('UTC');
    expect(usableTimeZone(undefined)).toBe('UTC');
    expect(usableTimeZone('Asia/Taipei')).toBe('Asia/Taipei');
  });

  it('marks a measurement against its limits, inclusive, trusting the api when it says', () => {
    const m = { name: 't', unit: 'C', value: 90, low: null, high: 85 };
    expect(limitVerdict(m)).toBe('out');
    expect(limitVerdict({ ...m, value: 85 })).toBe('within');
    expect(limitVerdict({ ...m, high: null })).toBe('unknown');
    expect(limitVerdict({ ...m, withinLimits: true })).toBe('within');
    expect(limitVerdict({ ...m, value: 1, withinLimits: false })).toBe('out');
    expect(formatLimits(10, 20, 'en')).toBe('10 – 20');
    expect(formatLimits(null, 85.5, 'es')).toBe('≤ 85,5');
    expect(formatLimits(0.5, null, 'en')).toBe('≥ 0.5');
  });

  it('finds a GPU inside its tray and counts every part', () => {
    const tree = [node('CT-1', [node('GPU-1'), node('GPU-2')]), node('PSU-1')];
    expect(findComponent(tree, 'GPU-2')?.serial).toBe('GPU-2');
    expect(findComponent(tree, 'GPU-9')).toBeNull();
    expect(countComponents(tree)).toBe(4);
  });

  it('rounds shares to whole per cents that add up to 100', () => {
    expect(wholePercents([{ parts: 1 }, { parts: 1 }, { parts: 1 }])).toEqual([34, 33, 33]);
    expect(wholePercents([{ parts: 0 }])).toEqual([0]);
    expect(countryName('TW', 'en')).toBe('Taiwan');
  });

  it('reads the serial from the page address, encoded slashes and all, and writes it back', () => {
    expect(rackSerialOfPath('/racks/RK-1')).toBe('RK-1');
    expect(rackSerialOfPath('/racks/a%2Fb.map')).toBe('a/b.map');
    expect(rackSerialOfPath('/racks/%E0%A4%A')).toBeNull();
    expect(rackSerialOfPath('/')).toBeNull();
    expect(rackSerialOfPath('/racks/a/b')).toBeNull();
    expect(rackPagePath('a/b', 'zh')).toBe('/racks/a%2Fb?lang=zh');
    expect(rackPagePath('RK-1', null)).toBe('/racks/RK-1');
  });
});
