// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export {
  produceStationMessages,
  referenceReplay,
  databaseSnapshot,
  appliedCount,
  type ComparableRack,
  type LineSnapshot,
} from '#testing';
