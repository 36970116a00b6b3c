/** Kafka topics and their partition counts; docker/kafka/topics.txt creates them and a test keeps both in step. */
export const TOPICS = {
  stationEvents: { name: 'station-events', partitions: 12 },
  rackTransitions: { name: 'rack-transitions', partitions: 12 },
  stationEventsDeadLetter: { name: 'station-events.dlq', partitions: 3 },
} as const;

export const MESSAGE_HEADERS = {
  correlationId: 'correlation-id',
  schemaVersion: 'schema-version',
  contentType: 'content-type',
} as const;
