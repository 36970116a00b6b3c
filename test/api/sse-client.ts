// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export { openStream, readServerSentEvents, type StreamEvent, type OpenStream } from '#testing';
