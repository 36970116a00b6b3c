export { createDataSource, type DataSourceSettings } from './data-source.js';
export * from './entities/index.js';
export { MIGRATIONS } from './migrations/index.js';
export { pendingSchemaChanges } from './schema-drift.js';
