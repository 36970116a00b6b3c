export {
  BatchAbandonedError,
  BatchConsumer,
  waitWhileActive,
  type BatchConsumerSettings,
  type BatchControl,
  type ConsumedMessage,
  type PartitionBatch,
  type PartitionBatchHandler,
} from './batch-consumer.js';
export {
  BatchingProducer,
  KafkaUnavailableError,
  type BatchingProducerSettings,
} from './batching-producer.js';
export { createKafkaClient, type KafkaClientSettings } from './kafka-client.factory.js';
export { KafkaHealthProbe } from './kafka-health.js';
export type { OutgoingMessage } from './outgoing-message.js';
export {
  OutboxRelay,
  type OutboxEntry,
  type OutboxRelaySettings,
  type RelayFailure,
  type OutboxStore,
  type RelayPass,
} from './outbox-relay.js';
export { TopicWatermarks, type TopicPartitionWatermarks } from './topic-watermarks.js';
// Apps name the Kafka client's type through here, so kafkajs stays behind this library.
export type { Kafka } from 'kafkajs';
export { keepTrying } from './keep-trying.js';
export {
  AmqpConsumer,
  AmqpSendError,
  type AmqpConsumerSettings,
  type AmqpOutcome,
  type ReceivedAmqpMessage,
} from './amqp/amqp-consumer.js';
export { AmqpClient, type AmqpReceived, type AmqpSendOptions } from './amqp/amqp-client.js';
export {
  TopicReplay,
  type PartitionReplay,
  type TopicReplayProgress,
  type TopicReplaySettings,
} from './topic-replay.js';
