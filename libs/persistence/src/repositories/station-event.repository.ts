import { asJsonRows, type Queryable } from './queryable.js';

export interface StationEventRecord {
  eventId: string;
  rackSerial: string;
  stationId: string;
  stage: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  operatorId: string | null;
  payload: unknown;
  contentHash: string;
  outcome: 'accepted' | 'rejected';
  kafkaPartition: number;
  kafkaOffset: string;
}

/** The log of every consumed event by id: the idempotency record. */
export class StationEventRepository {
  async findContentHashes(db: Queryable, eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows = await db.query<{ event_id: string; content_hash: string }[]>(
      'SELECT event_id, content_hash FROM station_event WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, row.content_hash]));
  }

  async insertMany(db: Queryable, records: readonly StationEventRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db.query(
      `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at, operator_id,
                                  payload, content_hash, outcome, kafka_partition, kafka_offset)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, "rackSerial" text, "stationId" text, stage text,
              type text, "occurredAt" timestamptz, "receivedAt" timestamptz, "operatorId" text, payload jsonb,
              "contentHash" text, outcome text, "kafkaPartition" int, "kafkaOffset" bigint)
       ON CONFLICT (event_id) DO NOTHING`,
      [asJsonRows(records)],
    );
  }
}
