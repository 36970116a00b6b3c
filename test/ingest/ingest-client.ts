// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export {
  call,
  registerStation,
  stationEvent,
  collectStationEvents,
  freePort,
  closedPort,
  type HttpResult,
  type RegisteredStation,
  type ConsumedStationMessage,
} from '#testing';
