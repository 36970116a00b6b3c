import { toIsoInstant } from '#contracts';
import type { RackTransition } from '#domain';
import type { SqlStatement } from './sql-statement.js';

export interface RackTransitionRecord {
  transition: RackTransition;
  stationId: string;
  siteId: string;
  // The rest of what `rack-transitions` announces, so the row is the announcement (no outbox copy).
  model: string;
  lineId: string;
  reworkCount: number;
  correlationId: string | null;
  /** The accepted event itself, stored here once (station_event keeps only the events the machine refused). */
  event: RecordedEvent;
}

/** What the idempotency record and the genealogy keep of an accepted event, beside its transition. */
export interface RecordedEvent {
  payload: unknown;
  contentHash: string;
  receivedAt: Date;
  operatorId: string | null;
  kafkaPartition: number;
  kafkaOffset: string;
}

export class RackTransitionRepository {
  /**
   * Appends history in the order given, as a statement for the chunk's one write (runAsOneStatement); null
   * when there is none. Ids (and so history order) follow Kafka order. Each row is also what the relay
   * publishes on `rack-transitions` once this transaction has committed (RackTransitionRelayRepository).
   */
  insertStatement(records: readonly RackTransitionRecord[]): SqlStatement | null {
    if (records.length === 0) return null;
    // Column arrays (unnest) rather than a JSON document: less for PostgreSQL to parse per row. The payloads
    // go as one JSON array instead, which node writes with one native JSON.stringify rather than escaping each
    // into an array literal; the ordinality keeps each on its own row.
    const columns: unknown[][] = Array.from({ length: 24 }, () => []);
    const payloads: unknown[] = [];
    for (const {
      transition,
      stationId,
      siteId,
      model,
      lineId,
      reworkCount,
      correlationId,
      event,
    } of records) {
      columns[0].push(transition.rackSerial);
      columns[1].push(transition.eventId);
      columns[2].push(transition.eventType);
      columns[3].push(transition.stage);
      columns[4].push(transition.from?.stage ?? null);
      columns[5].push(transition.from?.status ?? null);
      columns[6].push(transition.to.stage);
      columns[7].push(transition.to.status);
      columns[8].push(stationId);
      columns[9].push(siteId);
      columns[10].push(toIsoInstant(transition.occurredAt));
      columns[11].push(transition.location?.cell ?? null);
      columns[12].push(transition.location?.position ?? null);
      columns[13].push(transition.reason ?? null);
      columns[14].push(transition.reasonCode ?? null);
      columns[15].push(model);
      columns[16].push(lineId);
      columns[17].push(reworkCount);
      columns[18].push(correlationId);
      columns[19].push(event.contentHash);
      columns[20].push(toIsoInstant(event.receivedAt));
      columns[21].push(event.operatorId);
      columns[22].push(event.kafkaPartition);
      columns[23].push(event.kafkaOffset);
      payloads.push(event.payload);
    }
    return {
      sql: `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                    station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code,
                                    model, line_id, rework_count, correlation_id, content_hash, received_at, operator_id,
                                    kafka_partition, kafka_offset, payload)
       SELECT r.rack_serial, r.event_id, r.event_type, r.stage, r.from_stage, r.from_status, r.to_stage, r.to_status,
              r.station_id, r.site_id, r.occurred_at, r.location_cell, r.location_position, r.reason, r.reason_code,
              r.model, r.line_id, r.rework_count, r.correlation_id, r.content_hash, r.received_at, r.operator_id,
              r.kafka_partition, r.kafka_offset, p.payload
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::timestamptz[], $12::text[], $13::int[], $14::text[], $15::text[],
                     $16::text[], $17::text[], $18::int[], $19::text[], $20::text[], $21::timestamptz[], $22::text[],
                     $23::int[], $24::bigint[])
              WITH ORDINALITY AS r(rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                   station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code,
                                   model, line_id, rework_count, correlation_id, content_hash, received_at, operator_id,
                                   kafka_partition, kafka_offset, ordinal)
         JOIN jsonb_array_elements($25::jsonb) WITH ORDINALITY AS p(payload, ordinal) USING (ordinal)
        ORDER BY ordinal`,
      parameters: [...columns, JSON.stringify(payloads)],
    };
  }
}
