import type { Queryable } from './queryable.js';
import type { SqlStatement } from './sql-statement.js';

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

/**
 * The events the state machine refused (`station_event`), and by id every recorded event: with the accepted
 * ones, which are stored in their transitions, they are the idempotency record (`recorded_station_event`).
 */
export class StationEventRepository {
  async findContentHashes(db: Queryable, eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows = await db.query<{ event_id: string; content_hash: string }[]>(
      'SELECT event_id, content_hash FROM recorded_station_event WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, row.content_hash]));
  }

  /** The insert of these records, for the chunk's one write (runAsOneStatement); null when there are none. */
  insertStatement(records: readonly StationEventRecord[]): SqlStatement | null {
    if (records.length === 0) return null;
    // Scalars as one array per column (unnest); the payloads as one JSON array, which node writes with one
    // native JSON.stringify instead of escaping every payload into an array literal, and PostgreSQL parses
    // once. The ordinality keeps each payload on its own row.
    const columns: unknown[][] = Array.from({ length: 12 }, () => []);
    const payloads: unknown[] = [];
    for (const record of records) {
      columns[0].push(record.eventId);
      columns[1].push(record.rackSerial);
      columns[2].push(record.stationId);
      columns[3].push(record.stage);
      columns[4].push(record.type);
      columns[5].push(record.occurredAt.toISOString());
      columns[6].push(record.receivedAt.toISOString());
      columns[7].push(record.operatorId);
      columns[8].push(record.contentHash);
      columns[9].push(record.outcome);
      columns[10].push(record.kafkaPartition);
      columns[11].push(record.kafkaOffset);
      payloads.push(record.payload);
    }
    return {
      sql: `INSERT INTO station_event (event_id, rack_serial, station_id, stage, type, occurred_at, received_at, operator_id,
                                  payload, content_hash, outcome, kafka_partition, kafka_offset)
       SELECT r.event_id, r.rack_serial, r.station_id, r.stage, r.type, r.occurred_at, r.received_at, r.operator_id,
              p.payload, r.content_hash, r.outcome, r.kafka_partition, r.kafka_offset
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                     $8::text[], $9::text[], $10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY
              AS r(event_id, rack_serial, station_id, stage, type, occurred_at, received_at, operator_id,
                   content_hash, outcome, kafka_partition, kafka_offset, ordinal)
         JOIN jsonb_array_elements($13::jsonb) WITH ORDINALITY AS p(payload, ordinal) USING (ordinal)
       ON CONFLICT (event_id) DO NOTHING`,
      parameters: [...columns, JSON.stringify(payloads)],
    };
  }
}
