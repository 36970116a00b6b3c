import type { RackTransition } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

export interface RackTransitionRecord {
  transition: RackTransition;
  stationId: string;
  siteId: string;
}

export class RackTransitionRepository {
  /** Appends history in the order given; ids (and so history order) follow Kafka order. */
  async insertMany(db: Queryable, records: readonly RackTransitionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ transition, stationId, siteId }, ordinal) => ({
      ordinal,
      rack_serial: transition.rackSerial,
      event_id: transition.eventId,
      event_type: transition.eventType,
      stage: transition.stage,
      from_stage: transition.from?.stage ?? null,
      from_status: transition.from?.status ?? null,
      to_stage: transition.to.stage,
      to_status: transition.to.status,
      station_id: stationId,
      site_id: siteId,
      occurred_at: transition.occurredAt,
    }));
    await db.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                    station_id, site_id, occurred_at)
       SELECT rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status, station_id, site_id, occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS r(ordinal int, rack_serial text, event_id uuid, event_type text, stage text,
              from_stage text, from_status text, to_stage text, to_status text, station_id text, site_id text,
              occurred_at timestamptz)
        ORDER BY ordinal`,
      [asJsonRows(rows)],
    );
  }
}
