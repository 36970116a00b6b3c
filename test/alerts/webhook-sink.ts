// Part of libs/testing (shared with the benchmarks and the chaos run), named by concern for the suites.
export {
  ALLOW_LOOPBACK_SINK,
  WebhookSink,
  type ReceivedRequest,
  type SinkAnswer,
  type Responder,
} from '#testing';
