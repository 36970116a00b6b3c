// Moved to libs/testing, shared with the benchmarks and the chaos run; suites may import either.
export {
  ALLOW_LOOPBACK_SINK,
  WebhookSink,
  type ReceivedRequest,
  type SinkAnswer,
  type Responder,
} from '#testing';
