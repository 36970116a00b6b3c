import { asJsonRows, type Queryable } from './queryable.js';

export interface RejectionRecord {
  eventId: string | null;
  rackSerial: string | null;
  stationId: string | null;
  reason: string;
  detail: string;
  payload: unknown;
  kafkaPartition: number;
  kafkaOffset: string;
}

export class RejectionRepository {
  /** Keyed by source position, so recording the same consumed message twice is impossible. */
  async insertMany(db: Queryable, records: readonly RejectionRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db.query(
      `INSERT INTO rejection (event_id, rack_serial, station_id, reason, detail, payload, kafka_partition, kafka_offset)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("eventId" text, "rackSerial" text, "stationId" text, reason text,
              detail text, payload jsonb, "kafkaPartition" int, "kafkaOffset" bigint)
       ON CONFLICT (kafka_partition, kafka_offset) DO NOTHING`,
      [asJsonRows(records)],
    );
  }
}
