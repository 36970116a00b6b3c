// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export {
  seededRandom,
  DEFAULT_STAGES,
  stationFor,
  stationEventMessage,
  generateLineMessages,
  type LineEventOptions,
} from '#testing';
