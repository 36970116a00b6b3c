// What both baselines write for one station-events message: the station_event row, column for column, with the
// tracker's bookkeeping columns filled with constants (the baselines keep no history and check nothing).

/** The message as ingest produces it; only the fields the row needs. */
export interface RawStationEventMessage {
  event: {
    eventId: string;
    rackSerial: string;
    stationId: string;
    stage: string;
    type: string;
    occurredAt: string;
    operatorId?: string;
  };
  receivedAt: string;
  contentHash?: string;
}

export const STATION_EVENT_COLUMNS =
  'event_id, rack_serial, station_id, stage, type, occurred_at, received_at, operator_id, ' +
  'payload, content_hash, outcome, kafka_partition, kafka_offset';

/** The values for STATION_EVENT_COLUMNS, in order. */
export function stationEventRow(
  message: RawStationEventMessage,
  partition: number,
  offset: string,
): unknown[] {
  return [
    message.event.eventId,
    message.event.rackSerial,
    message.event.stationId,
    message.event.stage,
    message.event.type,
    message.event.occurredAt,
    message.receivedAt,
    message.event.operatorId ?? null,
    JSON.stringify(message.event),
    message.contentHash ?? '',
    'accepted',
    partition,
    offset,
  ];
}
