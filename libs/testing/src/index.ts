// Shared test infrastructure: what the integration suites (test/), the chaos run (test/chaos) and the
// benchmarks (tools/bench) use to start the product and talk to it. No Jest here: the benchmarks run it too.
export * from './announcements.js';
export * from './expect-eventually.js';
export * from './http-client.js';
export * from './kafka.js';
export * from './line-events.js';
export * from './node-process.js';
export * from './pipeline.js';
export * from './postgres.js';
export * from './server-sent-events.js';
export * from './services.js';
export * from './tcp-proxy.js';
export * from './test-stack.js';
export * from './webhook-sink.js';
export * from './passport-key.js';
