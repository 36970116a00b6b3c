import { loadConfig } from '#config';
import { runService } from '#platform';
import { AlertsConfig } from './alerts.config.js';
import { AlertsModule } from './alerts.module.js';

await runService({
  service: 'alerts',
  loadConfig: () => loadConfig('alerts', AlertsConfig),
  module: (config) => AlertsModule.forRoot(config),
});
