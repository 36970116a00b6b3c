import { afterAll, describe, expect, it } from '@jest/globals';
import {
  currentSpan,
  describeTransition,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatRate,
  formatTime,
  stageLabel,
  verdictOf,
} from './format.js';
import { chooseLanguage, useLanguage } from './i18n.js';

describe('dashboard formatting', () => {
  it('names stages as people say them', () => {
    expect(['assembly', 'burn_in', 'qa', 'ship', 'leak_test'].map(stageLabel)).toEqual([
      'Assembly',
      'Burn-in',
      'QA',
      'Ship',
      'Leak test',
    ]);
  });

  it('rounds plan figures to whole racks and leaves gaps visible', () => {
    expect([formatCount(295.63), formatCount(1000), formatCount(12345), formatCount(null)]).toEqual([
      '296',
      '1,000',
      '12,345',
      '–',
    ]);
  });

  it('shortens durations to what can be read across a room', () => {
    expect(
      [45_000, 12 * 60_000, 3 * 3_600_000 + 5 * 60_000, 2 * 86_400_000 + 4 * 3_600_000, -1].map(
        formatDuration,
      ),
    ).toEqual(['45 s', '12 min', '3 h 05 min', '2 d 4 h', '–']);
  });

  it('shows yields with one decimal, and none as a dash', () => {
    expect([formatPercent(0.945), formatPercent(1), formatPercent(null)]).toEqual(['94.5 %', '100.0 %', '–']);
  });

  it("writes times in the site's zone, with the weekday when not today", () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(formatTime('2026-11-25T13:03:00Z', 'Europe/Berlin', now)).toBe('14:03');
    expect(formatTime('2026-11-24T13:03:00Z', 'Europe/Berlin', now)).toBe('Tue 14:03');
  });

  it('finds the span in progress', () => {
    const spans = [
      { start: '2026-11-25T06:00:00Z', end: '2026-11-25T14:00:00Z', label: 'early' },
      { start: '2026-11-25T14:00:00Z', end: '2026-11-25T22:00:00Z', label: 'late' },
    ];
    expect(currentSpan(spans, new Date('2026-11-25T14:00:00Z'))?.label).toBe('late');
    expect(currentSpan(spans, new Date('2026-11-25T23:00:00Z'))).toBeUndefined();
  });

  it('describes a transition and the week in words', () => {
    expect(
      describeTransition({
        rackSerial: 'RK-1',
        eventType: 'rework_started',
        stage: 'burn_in',
        to: { stage: 'burn_in', status: 'rework' },
      }),
    ).toBe('RK-1 rework started at Burn-in');
    expect(verdictOf({ onTrack: false, behindPlan: true, projectedMiss: true }).text).toBe('Behind plan');
    expect(verdictOf({ onTrack: false, behindPlan: false, projectedMiss: true }).state).toBe('at-risk');
    expect(verdictOf({ onTrack: true, behindPlan: false, projectedMiss: false }).state).toBe('on-track');
  });
});

describe('dashboard formatting in other languages', () => {
  afterAll(() => useLanguage('en'));

  it('groups numbers and writes dates as Chinese readers expect', () => {
    useLanguage('zh');
    expect(formatCount(100000)).toBe('100,000');
    expect(formatPercent(0.945)).toBe('94.5%');
    expect(stageLabel('burn_in')).toBe('老化测试');
    expect(formatDateTime('2026-11-28T01:00:00Z', 'Europe/Berlin')).toContain('2026年11月28日');
  });

  it('groups numbers with points and decimals with commas in Spanish', () => {
    useLanguage('es');
    expect(formatCount(100000)).toBe('100.000');
    expect(formatRate(7.45)).toBe('7,5/h');
    expect(verdictOf({ onTrack: false, behindPlan: true, projectedMiss: true }).text).toBe(
      'Por detrás del plan',
    );
  });

  it('takes ?lang= first, then the browser, then English', () => {
    expect(chooseLanguage('es', ['zh-CN'])).toBe('es');
    expect(chooseLanguage(null, ['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh');
    expect(chooseLanguage('klingon', ['fr'])).toBe('en');
  });
});
