import type { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { prepareStatementsOn } from './prepared-statements.js';

export interface DataSourceSettings {
  databaseUrl: string;
  applicationName: string;
  poolSize?: number;
  /** Distinct parameterised statements each connection keeps prepared (prepared-statements.ts); 0: none. */
  preparedStatements?: number;
}

/**
 * The one DataSource definition, used by every app and by the migration CLI. It names no entities: the
 * migrations are the schema (docs/adr/0008-migrations-are-the-schema.md) and repositories write SQL, so
 * `synchronize` stays off and the schema changes only through migrations.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const preparedStatements = settings.preparedStatements ?? 0;
  return new DataSource({
    type: 'postgres',
    url: settings.databaseUrl,
    applicationName: settings.applicationName,
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
      // Pinned whatever the server's or database's default: UnitOfWork.write relies on it to skip
      // `SET TRANSACTION ISOLATION LEVEL READ COMMITTED`, a round trip per transaction.
      // Custom plans always, as for unnamed statements: a prepared statement saves parsing, not planning.
      // PostgreSQL's default would switch a statement to a generic plan after five runs, and a generic plan made
      // while a table was small scanned it whole once it had grown (a sequential scan for `event_id = ANY($1)`
      // in the latency benchmark, six times the executor's time).
      options:
        '-c default_transaction_isolation=read\\ committed' +
        (preparedStatements > 0 ? ' -c plan_cache_mode=force_custom_plan' : ''),
      ...(preparedStatements > 0 && {
        onConnect: (client: ClientBase) => prepareStatementsOn(client, preparedStatements),
      }),
    },
  });
}
