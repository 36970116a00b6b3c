import { asJsonRows, type Queryable } from './queryable.js';

export interface RejectionRecord {
  eventId: string | null;
  rackSerial: string | null;
  stationId: string | null;
  reason: string;
  detail: string;
  /** The consumed message as JSON; null when jsonb cannot hold it (then `raw` keeps it). */
  payload: unknown;
  /** The consumed bytes, for a message that could not be stored as JSON. */
  raw?: Buffer | null;
  kafkaPartition: number;
  kafkaOffset: string;
}

export class RejectionRepository {
  /** Keyed by source position, so recording the same consumed message twice is impossible. */
  async insertMany(db: Queryable, records: readonly RejectionRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Bytes travel base64-encoded inside the one jsonb parameter and are decoded back into bytea.
    const rows = records.map(({ raw, ...record }) => ({
      ...record,
      raw: raw ? raw.toString('base64') : null,
    }));
    await db.query(
      `INSERT INTO rejection (event_id, rack_serial, station_id, reason, detail, payload, raw, kafka_partition, kafka_offset)
       SELECT "eventId", "rackSerial", "stationId", reason, detail, payload, decode(raw, 'base64'), "kafkaPartition", "kafkaOffset"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" text, "rackSerial" text, "stationId" text, reason text,
              detail text, payload jsonb, raw text, "kafkaPartition" int, "kafkaOffset" bigint)
       ON CONFLICT (kafka_partition, kafka_offset) DO NOTHING`,
      [asJsonRows(rows)],
    );
  }
}
