import { describe, expect, it } from '@jest/globals';
import type { ParetoEntry } from './api-types.js';
import {
  describeTracedParts,
  describeTraceSummary,
  dispositionOf,
  failureWindow,
  paretoDetail,
  shortKey,
  traceFieldsOf,
  traceQuery,
} from './genealogy-format.js';

const entry = (overrides: Partial<ParetoEntry>): ParetoEntry => ({
  key: 'W47-A',
  label: null,
  country: null,
  partNumbers: null,
  failures: 3,
  racks: 2,
  share: 0.5,
  cumulativeShare: 0.5,
  ...overrides,
});

const part = (serial: string, installed: boolean) => ({
  serial,
  partNumber: 'GPU-B200',
  kind: 'gpu',
  supplierId: 'sup-tw-02',
  lot: 'W47-A',
  installed,
  installedAt: '2026-11-24T09:00:00.000Z',
  removedAt: installed ? null : '2026-11-24T15:00:00.000Z',
});

describe('failure Pareto window', () => {
  const now = new Date('2026-11-25T10:00:00.000Z');
  const week = { start: '2026-11-22T23:00:00.000Z', end: '2026-11-29T23:00:00.000Z' };

  it("is the site's week by default, unknown until the week's figures arrive", () => {
    expect(failureWindow('week', week, now)).toEqual({ from: week.start, to: week.end });
    expect(failureWindow('week', null, now)).toBeNull();
  });

  it('rolls back from now for the other choices', () => {
    expect(failureWindow('24h', null, now)).toEqual({
      from: '2026-11-24T10:00:00.000Z',
      to: '2026-11-25T10:00:00.000Z',
    });
    expect(failureWindow('30d', week, now)?.from).toBe('2026-10-26T10:00:00.000Z');
  });
});

describe('failure Pareto labels', () => {
  it('says what the key alone does not, per grouping', () => {
    expect(paretoDetail('partNumber', entry({ key: 'CT-GB-1U', label: 'compute_tray' }))).toBe(
      'compute tray',
    );
    expect(paretoDetail('supplier', entry({ label: 'Hsinchu Silicon', country: 'TW' }))).toBe(
      'Hsinchu Silicon · TW',
    );
    expect(paretoDetail('supplier', entry({ label: null, country: null }))).toBe('');
    expect(paretoDetail('lot', entry({ label: 'sup-tw-02', partNumbers: ['GPU-B200', 'GPU-B300'] }))).toBe(
      'sup-tw-02 · GPU-B200 · GPU-B300',
    );
    expect(paretoDetail('measurement', entry({ key: 'gpu_temp_max', label: 'C' }))).toBe('in C');
    expect(
      paretoDetail('code', entry({ key: 'XID-79', label: 'replace_part', partNumbers: ['GPU-B200'] })),
    ).toBe('→ replace part · GPU-B200');
  });

  it('shortens long keys for the axis only', () => {
    expect(shortKey('GPU-B200')).toBe('GPU-B200');
    expect(shortKey('LOT-2026-11-24-NIGHT-SHIFT')).toBe('LOT-2026-11-2…');
  });

  it('traces a lot together with its supplier, since lots are named per supplier', () => {
    expect(traceFieldsOf('lot', entry({ key: 'W47-A', label: 'sup-tw-02' }))).toEqual({
      partNumber: '',
      lot: 'W47-A',
      supplierId: 'sup-tw-02',
    });
    expect(traceFieldsOf('partNumber', entry({ key: 'GPU-B200', label: 'gpu' }))).toEqual({
      partNumber: 'GPU-B200',
      lot: '',
      supplierId: '',
    });
    expect(traceFieldsOf('supplier', entry({ key: 'sup-tw-02', label: 'Hsinchu Silicon' })).supplierId).toBe(
      'sup-tw-02',
    );
  });
});

describe('trace search', () => {
  it("sends only what was typed, trimmed, within the screen's site, and asks for totals with the first page only", () => {
    expect(
      traceQuery({ partNumber: ' GPU-B200 ', lot: '', supplierId: '' }, 'site-1', 50, null)?.toString(),
    ).toBe('partNumber=GPU-B200&site=site-1&limit=50&summary=true');
    expect(
      traceQuery({ partNumber: '', lot: 'W47-A', supplierId: 'sup-tw-02' }, 'site/2', 50, 'abc')?.toString(),
    ).toBe('lot=W47-A&supplierId=sup-tw-02&site=site%2F2&limit=50&cursor=abc');
  });

  it('asks nothing when nothing was typed: every rack of the site would match', () => {
    expect(traceQuery({ partNumber: ' ', lot: '', supplierId: '' }, 'site-1', 50, null)).toBeNull();
  });

  it('sums up the totals in one line', () => {
    expect(describeTraceSummary({ racks: 3, installedNow: 3, removed: 2 })).toBe(
      '3 racks · 3 parts installed now · 2 removed',
    );
    expect(describeTraceSummary({ racks: 1, installedNow: 1, removed: 0 })).toBe(
      '1 rack · 1 part installed now · 0 removed',
    );
  });

  it('tells shipped, scrapped and reachable racks apart', () => {
    expect(['shipped', 'scrapped', 'failed', 'on_hold', 'passed'].map(dispositionOf)).toEqual([
      'shipped',
      'scrapped',
      'on-line',
      'on-line',
      'on-line',
    ]);
  });

  it('says whether the matching parts are still in the rack or were swapped out', () => {
    expect(describeTracedParts({ parts: [part('GPU-1', true), part('GPU-2', true)] })).toBe(
      '2 installed now',
    );
    expect(describeTracedParts({ parts: [part('GPU-1', false)] })).toBe('1 removed');
    expect(describeTracedParts({ parts: [part('GPU-1', true), part('GPU-2', false)] })).toBe(
      '1 installed now, 1 removed',
    );
  });
});
