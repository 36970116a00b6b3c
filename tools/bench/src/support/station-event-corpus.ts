import type { Kafka } from 'kafkajs';
import {
  encodeStationEventMessage,
  stationEventContentHash,
  TOPICS,
  type StationEventDto,
  type StationEventMessage,
} from '#contracts';
import { largeFactoryConfig, FactoryModel, type PlannedEvent } from '#simulator';

/** A planned event as ingest would have produced it, received 150 ms after it happened, content hash included. */
export function asIngestWrites(planned: PlannedEvent): StationEventMessage {
  const event = planned.event as StationEventDto;
  return {
    schemaVersion: 1,
    event,
    station: planned.station,
    receivedAt: new Date(planned.at + 150).toISOString(),
    contentHash: stationEventContentHash(event),
  };
}

/**
 * Realistic station-event messages, exactly as ingest would have produced them: a large factory (20 lines) run
 * from ten days ago, so thousands of racks are in flight and the mix of starts, passes, failures, rework,
 * holds and scraps is the floor's own.
 */
export function stationEventCorpus(count: number, runId: string): StationEventMessage[] {
  const model = new FactoryModel(largeFactoryConfig(7, 20), { start: Date.now() - 10 * 86_400_000, runId });
  return model.take(count).slice(0, count).map(asIngestWrites);
}

/** Produces the corpus to `<prefix>station-events` keyed by rack serial, acks=all, in order. */
export async function produceCorpus(
  kafka: Kafka,
  prefix: string,
  messages: readonly StationEventMessage[],
): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  try {
    const topic = `${prefix}${TOPICS.stationEvents.name}`;
    for (let start = 0; start < messages.length; start += 5000) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages
          .slice(start, start + 5000)
          .map((message) => encodeStationEventMessage(message, `bench-${start}`)),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return Date.now() - started;
}
