import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './config-validation.error.js';
import { loadConfig } from './load-config.js';
import { AdminTokenConfig } from './service-config.js';
import { withTrackerProgress } from './tracker-progress.config.js';

class WatcherConfig extends withTrackerProgress(AdminTokenConfig) {
  override PORT = 3998;
}

const ADMIN_TOKEN = 'a'.repeat(24);

describe('withTrackerProgress', () => {
  it('adds the tracker-progress variables with their defaults, beside the base class', () => {
    const config = loadConfig('watcher', WatcherConfig, { ADMIN_TOKEN });
    expect(config).toMatchObject({
      PORT: 3998,
      ADMIN_TOKEN,
      TRACKER_CONSUMER_GROUP: 'rack-tracker',
      TRACKER_STALL_SECONDS: 60,
      TRACKER_PROGRESS_POLL_MS: 5000,
    });
  });

  it('reads and validates them like any other variable', () => {
    const config = loadConfig('watcher', WatcherConfig, { ADMIN_TOKEN, TRACKER_STALL_SECONDS: '5' });
    expect(config.TRACKER_STALL_SECONDS).toBe(5);
    expect(() =>
      loadConfig('watcher', WatcherConfig, { ADMIN_TOKEN, TRACKER_PROGRESS_POLL_MS: '10' }),
    ).toThrow(ConfigValidationError);
  });
});
