/**
 * Kafka topics, their partition counts and the topic settings they are created with; docker/kafka/topics.txt
 * creates them and a test keeps both in step.
 *
 * station-events is the system of record: `npm run rebuild` rebuilds the database from it, so it is kept
 * forever (retention.ms=-1) rather than for the broker's default week. docs/operations.md ("Retention of
 * station-events") sizes the disk that takes. The other topics are derived or operational, and keep the default.
 */
export const TOPICS = {
  stationEvents: { name: 'station-events', partitions: 12, config: { 'retention.ms': '-1' } },
  rackTransitions: { name: 'rack-transitions', partitions: 12, config: {} },
  stationEventsDeadLetter: { name: 'station-events.dlq', partitions: 3, config: {} },
} as const;

export const MESSAGE_HEADERS = {
  correlationId: 'correlation-id',
  schemaVersion: 'schema-version',
  contentType: 'content-type',
} as const;
