import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from '#config';
import { TrackerConfig } from './tracker.config.js';

describe('TrackerConfig MAX_EVENT_AGE_DAYS', () => {
  it('is 30 days by default', () => {
    expect(loadConfig('tracker', TrackerConfig, {}).MAX_EVENT_AGE_DAYS).toBe(30);
  });

  it('can be raised for a back-fill', () => {
    expect(loadConfig('tracker', TrackerConfig, { MAX_EVENT_AGE_DAYS: '400' }).MAX_EVENT_AGE_DAYS).toBe(400);
  });

  it.each(['0', '-5', '2.5', 'forever', '3651'])('stops the start-up on %s, naming the variable', (value) => {
    const attempt = () => loadConfig('tracker', TrackerConfig, { MAX_EVENT_AGE_DAYS: value });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(`MAX_EVENT_AGE_DAYS ("${value}")`);
  });
});
