// What the benchmarks and the chaos and simulator suites use of the simulator: the factory model, the
// simulation that drives it against a running ingest, and the terminal and webhook clients it speaks through.
// `simulate.ts` is the command line on top of these.
export * from './factory/factory-config.js';
export * from './factory/factory-model.js';
export * from './factory/seeded-random.js';
export * from './simulation.js';
export * from './terminal/ingest-client.js';
export { WebhookSink, type WebhookDelivery } from './cli/webhook-sink.js';
export { CfxChannel, type CfxChannelOptions } from './terminal/cfx-channel.js';
export { cfxEnvelopeFor, cfxMessageFor } from './terminal/cfx-message.js';
