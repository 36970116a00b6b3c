import { loadConfig } from '#config';
import { runService } from '#platform';
import { TrackerConfig } from './tracker.config.js';
import { TrackerModule } from './tracker.module.js';

await runService({
  service: 'tracker',
  loadConfig: () => loadConfig('tracker', TrackerConfig),
  module: (config) => TrackerModule.forRoot(config),
});
