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
}

export class RackTransitionRepository {
  /**
   * Appends history in the order given, as a statement for the chunk's one write (runAsOneStatement); null
   * when there is none. Ids (and so history order) follow Kafka order. Each row is also what the relay
   * publishes on `rack-transitions` once this transaction has committed (RackTransitionRelayRepository).
   */
  insertStatement(records: readonly RackTransitionRecord[]): SqlStatement | null {
    if (records.length === 0) return null;
    // Column arrays (unnest) rather than a JSON document: less for PostgreSQL to parse per row.
    const columns: unknown[][] = Array.from({ length: 19 }, () => []);
    for (const { transition, stationId, siteId, model, lineId, reworkCount, correlationId } of records) {
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
      columns[10].push(transition.occurredAt.toISOString());
      columns[11].push(transition.location?.cell ?? null);
      columns[12].push(transition.location?.position ?? null);
      columns[13].push(transition.reason ?? null);
      columns[14].push(transition.reasonCode ?? null);
      columns[15].push(model);
      columns[16].push(lineId);
      columns[17].push(reworkCount);
      columns[18].push(correlationId);
    }
    return {
      sql: `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                    station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code,
                                    model, line_id, rework_count, correlation_id)
       SELECT rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status, station_id, site_id, occurred_at,
              location_cell, location_position, reason, reason_code, model, line_id, rework_count, correlation_id
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::timestamptz[], $12::text[], $13::int[], $14::text[], $15::text[],
                     $16::text[], $17::text[], $18::int[], $19::text[])
              WITH ORDINALITY AS r(rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                   station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code,
                                   model, line_id, rework_count, correlation_id, ordinal)
        ORDER BY ordinal`,
      parameters: columns,
    };
  }
}
