// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export {
  builtServiceScript,
  startBuiltService,
  isolatedKafkaEnvironment,
  startService,
  type ServiceName,
  type RunningService,
} from '#testing';
