// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export { startTcpProxy, type TcpProxy } from '#testing';
