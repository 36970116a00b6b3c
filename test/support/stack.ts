// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export {
  KAFKA_BROKERS,
  POSTGRES_ADMIN_URL,
  TEMPLATE_DATABASE,
  ADMIN_TOKEN,
  databaseUrl,
  uniqueName,
  withAdminClient,
  createTestDatabase,
  testKafka,
  createTestTopics,
  type TestDatabase,
} from '#testing';
