import { loadConfig } from '#config';
import { runService } from '#platform';
import { CfxBridgeConfig } from './cfx-bridge.config.js';
import { CfxBridgeModule } from './cfx-bridge.module.js';

await runService({
  service: 'cfx-bridge',
  loadConfig: () => loadConfig('cfx-bridge', CfxBridgeConfig),
  module: (config) => CfxBridgeModule.forRoot(config),
});
