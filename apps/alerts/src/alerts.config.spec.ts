import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from '#config';
import { AlertsConfig } from './alerts.config.js';

const ADMIN_TOKEN = 'x'.repeat(24);

describe('AlertsConfig WEBHOOK_ALLOW_HOSTS', () => {
  it('is empty by default: only public destinations', () => {
    const config = loadConfig('alerts', AlertsConfig, { ADMIN_TOKEN });
    expect(config.WEBHOOK_ALLOW_HOSTS).toBe('');
  });

  it('takes hosts, host:port and CIDR ranges', () => {
    const config = loadConfig('alerts', AlertsConfig, {
      ADMIN_TOKEN,
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1, chat.corp.example:8443, 10.0.0.0/8',
    });
    expect(config.webhookAllowList.allowsName('chat.corp.example', 8443)).toBe(true);
  });

  it('stops the start-up naming every entry that is none of them', () => {
    const attempt = () =>
      loadConfig('alerts', AlertsConfig, { ADMIN_TOKEN, WEBHOOK_ALLOW_HOSTS: '10.0.0.0/40,ok.example,a b' });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(
      'WEBHOOK_ALLOW_HOSTS ("10.0.0.0/40,ok.example,a b"): "10.0.0.0/40" is not a valid CIDR range; "a b" is not a host, host:port or CIDR range',
    );
  });
});
