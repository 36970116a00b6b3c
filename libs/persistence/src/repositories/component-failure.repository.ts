import type { InstalledComponent } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

/** A component an accepted `failed` event named, with the part as it was installed when it failed. */
export interface ComponentFailureRecord {
  eventId: string;
  stage: string;
  stationId: string;
  occurredAt: Date;
  component: InstalledComponent;
}

/** Writes `component_failure` in the tracker's batch transaction. */
export class ComponentFailureRepository {
  async insertMany(db: Queryable, records: readonly ComponentFailureRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ eventId, stage, stationId, occurredAt, component }) => ({
      eventId,
      rackSerial: component.rackSerial,
      componentSerial: component.serial,
      partNumber: component.partNumber,
      kind: component.kind,
      supplierId: component.supplierId,
      lot: component.lot,
      stage,
      stationId,
      occurredAt,
    }));
    await db.query(
      `INSERT INTO component_failure (event_id, rack_serial, component_serial, part_number, kind, supplier_id, lot, stage,
                                      station_id, occurred_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, "rackSerial" text, "componentSerial" text,
              "partNumber" text, kind text, "supplierId" text, lot text, stage text, "stationId" text, "occurredAt" timestamptz)`,
      [asJsonRows(rows)],
    );
  }
}
