import type { RackTransition } from '#domain';
import type { Queryable } from './queryable.js';

export interface RackTransitionRecord {
  transition: RackTransition;
  stationId: string;
  siteId: string;
}

export class RackTransitionRepository {
  /** Appends history in the order given; ids (and so history order) follow Kafka order. */
  async insertMany(db: Queryable, records: readonly RackTransitionRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Column arrays (unnest) rather than a JSON document: less for PostgreSQL to parse per row.
    const columns: unknown[][] = Array.from({ length: 15 }, () => []);
    for (const { transition, stationId, siteId } of records) {
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
    }
    await db.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                    station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code)
       SELECT rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status, station_id, site_id, occurred_at,
              location_cell, location_position, reason, reason_code
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::timestamptz[], $12::text[], $13::int[], $14::text[], $15::text[])
              WITH ORDINALITY AS r(rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                   station_id, site_id, occurred_at, location_cell, location_position, reason, reason_code, ordinal)
        ORDER BY ordinal`,
      columns,
    );
  }
}
