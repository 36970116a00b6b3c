import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from '#config';
import { ApiConfig } from './api.config.js';

const ADMIN_TOKEN = 'x'.repeat(24);

describe('ApiConfig: the default site and the andon escalation time', () => {
  it('defaults to no configured site (the busiest is chosen) and 15 minutes', () => {
    const config = loadConfig('api', ApiConfig, { ADMIN_TOKEN });
    expect(config.DASHBOARD_DEFAULT_SITE).toBe('');
    expect(config.ALERT_ESCALATION_MINUTES).toBe(15);
  });

  it('takes a site id and a number of minutes', () => {
    const config = loadConfig('api', ApiConfig, {
      ADMIN_TOKEN,
      DASHBOARD_DEFAULT_SITE: 'fab-a',
      ALERT_ESCALATION_MINUTES: '30',
    });
    expect(config).toMatchObject({ DASHBOARD_DEFAULT_SITE: 'fab-a', ALERT_ESCALATION_MINUTES: 30 });
  });

  it.each([
    ['DASHBOARD_DEFAULT_SITE', 'fab a'],
    ['DASHBOARD_DEFAULT_SITE', 'x'.repeat(65)],
    ['ALERT_ESCALATION_MINUTES', '0'],
    ['ALERT_ESCALATION_MINUTES', 'soon'],
    ['ALERT_ESCALATION_MINUTES', '1441'],
  ])('stops the start-up for %s=%s, naming it', (name, value) => {
    const attempt = () => loadConfig('api', ApiConfig, { ADMIN_TOKEN, [name]: value });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(name);
  });
});
