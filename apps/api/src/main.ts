import { loadConfig } from '#config';
import { runService } from '#platform';
import { ApiConfig } from './api.config.js';
import { ApiModule } from './api.module.js';
import { defaultDashboardDir, serveDashboard } from './dashboard/dashboard.setup.js';
import { defaultAsyncApiDir, setUpAsyncApi } from './openapi/asyncapi.setup.js';
import { setUpOpenApi } from './openapi/openapi.setup.js';
import { securityHeaders } from './security-headers.js';

await runService({
  service: 'api',
  loadConfig: () => loadConfig('api', ApiConfig),
  module: (config) => ApiModule.forRoot(config),
  configure: (app, config) => {
    app.use(securityHeaders());
    // Before Swagger UI, which answers every other path under /docs.
    setUpAsyncApi(app, defaultAsyncApiDir());
    setUpOpenApi(app);
    serveDashboard(app, config.DASHBOARD_DIR || defaultDashboardDir());
  },
});
