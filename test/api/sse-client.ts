// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export { openStream, readServerSentEvents, type StreamEvent, type OpenStream } from '#testing';
