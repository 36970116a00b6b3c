import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export interface DataSourceSettings {
  databaseUrl: string;
  applicationName: string;
  poolSize?: number;
}

/**
 * The one DataSource definition, used by every app and by the migration CLI, so the schema the code
 * expects and the schema the migrations build can never be configured apart. `synchronize` stays off:
 * the schema changes only through migrations.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.databaseUrl,
    applicationName: settings.applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's error log prints a failed statement with its parameters: for a tracker chunk that is the whole
    // chunk, kilobytes a line on every retry. Callers log their own bounded line (describeDatabaseFailure).
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // A stuck statement must not hold a tracker batch (and its partition lock) forever.
      statement_timeout: 60000,
    },
  });
}
