// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export {
  produceStationMessages,
  referenceReplay,
  databaseSnapshot,
  appliedCount,
  type ComparableRack,
  type LineSnapshot,
} from '#testing';
