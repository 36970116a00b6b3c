import { loadConfig } from '#config';
import { runService } from '#platform';
import { ApiConfig } from './api.config.js';
import { ApiModule } from './api.module.js';

await runService({
  service: 'api',
  loadConfig: () => loadConfig('api', ApiConfig),
  module: (config) => ApiModule.forRoot(config),
});
