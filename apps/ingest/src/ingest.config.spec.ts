import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from '#config';
import { IngestConfig } from './ingest.config.js';

const ADMIN_TOKEN = 'x'.repeat(24);

describe('IngestConfig MAX_EVENT_AGE_DAYS', () => {
  it('is 30 days by default, as at the tracker', () => {
    expect(loadConfig('ingest', IngestConfig, { ADMIN_TOKEN }).MAX_EVENT_AGE_DAYS).toBe(30);
  });

  it('can be raised for a back-fill', () => {
    expect(
      loadConfig('ingest', IngestConfig, { ADMIN_TOKEN, MAX_EVENT_AGE_DAYS: '400' }).MAX_EVENT_AGE_DAYS,
    ).toBe(400);
  });

  it.each(['0', 'forever', '3651'])('stops the start-up on %s, naming the variable', (value) => {
    const attempt = () => loadConfig('ingest', IngestConfig, { ADMIN_TOKEN, MAX_EVENT_AGE_DAYS: value });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(`MAX_EVENT_AGE_DAYS ("${value}")`);
  });
});
