// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
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
