import { afterAll, beforeAll } from '@jest/globals';
import {
  createTestDatabase,
  createTestTopics,
  startService,
  type RunningService,
  type ServiceName,
  type TestDatabase,
} from '#testing';

/**
 * Stands for a value a beforeAll hook provides, usable like the value itself once that hook has run, so a suite
 * can declare its handles as constants instead of `let` variables assigned in beforeAll.
 */
export function lateBound<T extends object>(what: string, value: () => T | undefined): T {
  const current = (): T => {
    const resolved = value();
    if (resolved === undefined) throw new Error(`${what} is used before beforeAll has set it up`);
    return resolved;
  };
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(current(), key),
    has: (_target, key) => Reflect.has(current(), key),
  });
}

export interface SuiteOptions {
  /** Added to the service's environment. */
  env?: Record<string, string>;
  /** Fills the new database before the service starts. */
  seed?: (database: TestDatabase) => Promise<void>;
}

/**
 * A suite's own stack: a database cloned from the template and topics under a prefix of its own, with one
 * service started on them in beforeAll; afterAll stops the service and drops the database.
 */
export function serviceSuite(
  name: ServiceName,
  databasePrefix: string,
  options: SuiteOptions = {},
): { database: TestDatabase; service: RunningService } {
  let database: TestDatabase | undefined;
  let service: RunningService | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(databasePrefix);
    await options.seed?.(database);
    service = await startService(name, {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: await createTestTopics(),
      ...options.env,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });
  return {
    database: lateBound(`the ${databasePrefix} database`, () => database),
    service: lateBound(`the suite's ${name}`, () => service),
  };
}
