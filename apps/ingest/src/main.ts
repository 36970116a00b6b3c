import { loadConfig } from '#config';
import { runService } from '#platform';
import { IngestConfig } from './ingest.config.js';
import { IngestModule } from './ingest.module.js';
import { setUpOpenApi } from './openapi/openapi.setup.js';

await runService({
  service: 'ingest',
  loadConfig: () => loadConfig('ingest', IngestConfig),
  module: (config) => IngestModule.forRoot(config),
  // Ample for a full batch of ordinary events; a larger body is refused with 413 before it is parsed.
  bodyLimit: '1mb',
  configure: (app) => setUpOpenApi(app),
});
