import { toIsoInstant } from '#contracts';
import type { EvaluatedMeasurement } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

export interface TestMeasurementRecord {
  eventId: string;
  rackSerial: string;
  stage: string;
  occurredAt: Date;
  measurement: EvaluatedMeasurement;
}

export class TestMeasurementRepository {
  async insertMany(db: Queryable, records: readonly TestMeasurementRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ eventId, rackSerial, stage, occurredAt, measurement }) => ({
      eventId,
      rackSerial,
      stage,
      // Written here: JSON.stringify would call toISOString, several times slower (toIsoInstant).
      occurredAt: toIsoInstant(occurredAt),
      name: measurement.name,
      value: measurement.value,
      unit: measurement.unit,
      low: measurement.low ?? null,
      high: measurement.high ?? null,
      passed: measurement.passed,
    }));
    await db.query(
      `INSERT INTO test_measurement (event_id, rack_serial, stage, occurred_at, name, value, unit, low, high, passed)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, "rackSerial" text, stage text, "occurredAt" timestamptz,
              name text, value double precision, unit text, low double precision, high double precision, passed boolean)`,
      [asJsonRows(rows)],
    );
  }
}
