// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export {
  builtServiceScript,
  startBuiltService,
  isolatedKafkaEnvironment,
  startService,
  type ServiceName,
  type RunningService,
} from '#testing';
