// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
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
