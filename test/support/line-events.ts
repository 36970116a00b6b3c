// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export {
  seededRandom,
  DEFAULT_STAGES,
  stationFor,
  stationEventMessage,
  generateLineMessages,
  type LineEventOptions,
} from '#testing';
