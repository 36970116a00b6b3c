import { describe, expect, it } from '@jest/globals';
import type { ProgressView, WipView } from '../status/site-status.view.js';
import { progressDigest, wipDigest } from './site-status.monitor.js';

const progress = (overrides: Partial<ProgressView> = {}) =>
  ({
    week: { start: '2026-11-23T00:00:00.000Z', end: '', firstDay: '2026-11-23', timeZone: 'UTC' },
    generatedAt: '2026-11-25T10:00:00.000Z',
    actual: 10,
    target: 1000,
    targetInForce: 1000,
    expectedByNow: 300.01,
    projected: 120.02,
    onTrack: false,
    behindPlan: true,
    projectedMiss: true,
    byShift: [{ actual: 10 }],
    burnUp: [],
    ...overrides,
  }) as ProgressView;

const wip = (overrides: Partial<WipView> = {}) =>
  ({
    generatedAt: '2026-11-25T10:00:00.000Z',
    stages: [{ stage: 'qa', total: 1, byStatus: { in_progress: 1 }, oldest: { serial: 'RK-1' } }],
    total: 1,
    stuck: [{ serial: 'RK-1', status: 'in_progress', hoursInState: 7.01 }],
    ...overrides,
  }) as WipView;

describe('live change digests', () => {
  it('ignore the clock ticking inside the figures', () => {
    expect(progressDigest(progress({ generatedAt: '2026-11-25T10:00:05.000Z', expectedByNow: 300.04 }))).toBe(
      progressDigest(progress()),
    );
    expect(
      wipDigest(
        wip({
          generatedAt: 'later',
          stuck: [{ serial: 'RK-1', status: 'in_progress', hoursInState: 7.5 }] as WipView['stuck'],
        }),
      ),
    ).toBe(wipDigest(wip()));
  });

  it('see what a person reads change', () => {
    expect(progressDigest(progress({ actual: 11 }))).not.toBe(progressDigest(progress()));
    expect(progressDigest(progress({ expectedByNow: 300.2 }))).not.toBe(progressDigest(progress()));
    expect(progressDigest(progress({ onTrack: true }))).not.toBe(progressDigest(progress()));
    expect(wipDigest(wip({ stuck: [] }))).not.toBe(wipDigest(wip()));
    expect(
      wipDigest(wip({ stages: [{ stage: 'qa', total: 1, byStatus: { passed: 1 }, oldest: null }] })),
    ).not.toBe(wipDigest(wip()));
  });
});
