import { TOPICS, type StationEventMessage } from '#contracts';
import { readTopicToEnd, testKafka } from '#testing';

export interface ReadBackMessage {
  partition: number;
  offset: string;
  message: StationEventMessage;
}

/**
 * Everything in the suite's station-events topic, partition by partition in offset order: the order of truth the
 * tracker applied, and so the input of the reference replay. Reads up to the high watermarks taken at the start.
 */
export async function readStationEvents(topicPrefix: string): Promise<ReadBackMessage[]> {
  const records = await readTopicToEnd(
    testKafka(),
    `${topicPrefix}${TOPICS.stationEvents.name}`,
    (value) => JSON.parse(value?.toString('utf8') ?? 'null') as StationEventMessage,
  );
  return records.map(({ partition, offset, value }) => ({ partition, offset, message: value }));
}
