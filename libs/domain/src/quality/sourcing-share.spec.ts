import { describe, expect, it } from '@jest/globals';
import { sourcingShares, type SourcingCount } from './sourcing-share.js';

const row = (rackSerial: string, kind: string, country: string | null, parts: number): SourcingCount => ({
  rackSerial,
  siteId: 'site-1',
  kind,
  country,
  parts,
});

describe('sourcingShares', () => {
  const rows = [
    row('RK-1', 'gpu', 'TW', 48),
    row('RK-1', 'gpu', 'US', 24),
    row('RK-1', 'psu', null, 6),
    row('RK-2', 'gpu', 'US', 72),
  ];

  it('shares parts by country overall, largest first and unregistered suppliers last', () => {
    const sut = sourcingShares(rows);
    expect(sut.parts).toBe(150);
    expect(sut.byCountry).toEqual([
      { country: 'US', parts: 96, share: 96 / 150 },
      { country: 'TW', parts: 48, share: 48 / 150 },
      { country: null, parts: 6, share: 6 / 150 },
    ]);
  });

  it('per kind and per rack', () => {
    const sut = sourcingShares(rows);
    expect(
      sut.byKind.map((kind) => [kind.kind, kind.parts, kind.byCountry.map((share) => share.country)]),
    ).toEqual([
      ['gpu', 144, ['US', 'TW']],
      ['psu', 6, [null]],
    ]);
    expect(sut.racks).toEqual([
      {
        rackSerial: 'RK-1',
        siteId: 'site-1',
        parts: 78,
        byCountry: [
          { country: 'TW', parts: 48, share: 48 / 78 },
          { country: 'US', parts: 24, share: 24 / 78 },
          { country: null, parts: 6, share: 6 / 78 },
        ],
      },
      {
        rackSerial: 'RK-2',
        siteId: 'site-1',
        parts: 72,
        byCountry: [{ country: 'US', parts: 72, share: 1 }],
      },
    ]);
  });

  it('is empty for a week without installs', () => {
    expect(sourcingShares([])).toEqual({ parts: 0, byCountry: [], byKind: [], racks: [] });
  });
});
