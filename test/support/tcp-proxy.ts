// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export { startTcpProxy, type TcpProxy } from '#testing';
