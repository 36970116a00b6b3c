/** A message as our code hands it to Kafka: always keyed, value already serialised. */
export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}
