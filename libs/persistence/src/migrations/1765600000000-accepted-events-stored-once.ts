import type { MigrationInterface, QueryRunner } from 'typeorm';

// Both tables' rows as one event log, with the columns `station_event` always had. An accepted event's
// type and stage are the event's own (RackTransition.eventType and .stage), not the stage the rack moved to.
const RECORDED_STATION_EVENT_VIEW = `
  CREATE VIEW "recorded_station_event" AS
    SELECT "event_id", "rack_serial", "station_id", "stage", "event_type" AS "type", "occurred_at", "received_at",
           "operator_id", "payload", "content_hash", 'accepted'::text AS "outcome", "kafka_partition", "kafka_offset",
           "recorded_at"
      FROM "rack_transition"
    UNION ALL
    SELECT "event_id", "rack_serial", "station_id", "stage", "type", "occurred_at", "received_at",
           "operator_id", "payload", "content_hash", "outcome", "kafka_partition", "kafka_offset", "recorded_at"
      FROM "station_event"`;

/**
 * An accepted event is stored once: in its transition row, which now carries the event's payload, content hash,
 * receipt time, operator and Kafka position. `station_event` keeps the events the state machine refused, and the
 * view `recorded_station_event` reads both as the one log of every recorded event (the idempotency record).
 *
 * Every accepted event has exactly one transition, so before this each was written twice, with its event id,
 * rack, station, stage, type and time in both rows and two more B-tree entries. Without the second row the
 * tracker's PostgreSQL time per 1,000 events went from 52–56 to 47 ms, and a year's database is a sixth smaller
 * (docs/adr/0011-accepted-events-stored-once.md). The event id is unique among transitions again, since
 * `station_event`'s key no longer covers accepted events; the idempotency lookup reads it by that index.
 *
 * Existing rows move: each accepted `station_event` row fills its transition (same event id and rack) and is
 * deleted. An accepted row without its transition, which the tracker never wrote, would stay where it is.
 */
export class AcceptedEventsStoredOnce1765600000000 implements MigrationInterface {
  name = 'AcceptedEventsStoredOnce1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Moving a year's events takes longer than the 60 s a service's statement may run (createDataSource); the
    // setting lasts until this migration's transaction ends. docs/operations.md, "Upgrading", has the figures.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(
      `ALTER TABLE "rack_transition"
         ADD COLUMN "payload" jsonb,
         ADD COLUMN "content_hash" text,
         ADD COLUMN "received_at" TIMESTAMP WITH TIME ZONE,
         ADD COLUMN "operator_id" text,
         ADD COLUMN "kafka_partition" integer,
         ADD COLUMN "kafka_offset" bigint`,
    );
    await queryRunner.query(
      `UPDATE "rack_transition" t
          SET "payload" = e."payload", "content_hash" = e."content_hash", "received_at" = e."received_at",
              "operator_id" = e."operator_id", "kafka_partition" = e."kafka_partition", "kafka_offset" = e."kafka_offset"
         FROM "station_event" e
        WHERE e."event_id" = t."event_id" AND e."rack_serial" = t."rack_serial" AND e."outcome" = 'accepted'`,
    );
    await queryRunner.query(
      `DELETE FROM "station_event" e USING "rack_transition" t
        WHERE t."event_id" = e."event_id" AND t."content_hash" = e."content_hash"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "rack_transition_event_uq" ON "rack_transition" ("event_id")`,
    );
    await queryRunner.query(RECORDED_STATION_EVENT_VIEW);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`DROP VIEW "recorded_station_event"`);
    await queryRunner.query(`DROP INDEX "public"."rack_transition_event_uq"`);
    await queryRunner.query(
      `INSERT INTO "station_event" ("event_id", "rack_serial", "station_id", "stage", "type", "occurred_at",
                                    "received_at", "operator_id", "payload", "content_hash", "outcome",
                                    "kafka_partition", "kafka_offset", "recorded_at")
       SELECT "event_id", "rack_serial", "station_id", "stage", "event_type", "occurred_at", "received_at",
              "operator_id", "payload", "content_hash", 'accepted', "kafka_partition", "kafka_offset", "recorded_at"
         FROM "rack_transition" WHERE "content_hash" IS NOT NULL
       ON CONFLICT ("event_id") DO NOTHING`,
    );
    await queryRunner.query(
      `ALTER TABLE "rack_transition" DROP COLUMN "kafka_offset", DROP COLUMN "kafka_partition",
         DROP COLUMN "operator_id", DROP COLUMN "received_at", DROP COLUMN "content_hash", DROP COLUMN "payload"`,
    );
  }
}
