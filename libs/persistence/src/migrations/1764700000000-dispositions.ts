import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failure codes, their dispositions and the supplier returns they open.
 *
 * - `disposition_table`: every version an admin saved, never updated; version 0, the table the project ships,
 *   lives in code and is in force until the first row. A version applies to events ingest received from its
 *   `effective_from` on, so a replay picks the same version the live line did.
 * - `failure_disposition`: one row per failure code of an accepted `failed` event, with the action decided, the
 *   occurrence that decided it and the table version; `subject_serial` (the part, or the rack when no part is
 *   named) plus `code` is what escalation counts, hence its index.
 * - `supplier_return`: a return (RMA) case, opened when rework removes a part dispositioned `replace_part`; one per
 *   removal of a part, closed once as confirmed or no fault found.
 */
export class Dispositions1764700000000 implements MigrationInterface {
  name = 'Dispositions1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "disposition_table" ("version" integer NOT NULL, "rules" jsonb NOT NULL, "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "saved_by" text NOT NULL, "note" text, CONSTRAINT "disposition_table_pk" PRIMARY KEY ("version"), CONSTRAINT "disposition_table_version_chk" CHECK ("version" >= 1))`,
    );
    await queryRunner.query(
      `CREATE TABLE "failure_disposition" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "failure_index" smallint NOT NULL, "rack_serial" text NOT NULL, "site_id" text NOT NULL, "stage" text NOT NULL, "station_id" text NOT NULL, "code" text NOT NULL, "subject_serial" text NOT NULL, "component_serial" text, "part_number" text, "kind" text, "supplier_id" text, "lot" text, "message" text, "action" text NOT NULL, "occurrence" integer NOT NULL, "rule_pattern" text, "why" text NOT NULL, "table_version" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "failure_disposition_pk" PRIMARY KEY ("id"), CONSTRAINT "failure_disposition_failure_uq" UNIQUE ("event_id", "failure_index"), CONSTRAINT "failure_disposition_action_chk" CHECK ("action" IN ('retest', 'reseat', 'fix_firmware', 'replace_part', 'engineering_hold')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "failure_disposition_repeat_idx" ON "failure_disposition" ("subject_serial", "code", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "failure_disposition_rack_idx" ON "failure_disposition" ("rack_serial", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "failure_disposition_time_idx" ON "failure_disposition" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "failure_disposition_replace_idx" ON "failure_disposition" ("component_serial") WHERE "action" = 'replace_part'`,
    );
    await queryRunner.query(
      `CREATE TABLE "supplier_return" ("id" BIGSERIAL NOT NULL, "status" text NOT NULL DEFAULT 'open', "supplier_id" text NOT NULL, "part_number" text NOT NULL, "kind" text NOT NULL, "component_serial" text NOT NULL, "lot" text NOT NULL, "codes" text array NOT NULL, "rack_serial" text NOT NULL, "site_id" text NOT NULL, "failure_event_id" uuid NOT NULL, "removal_event_id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" text, "note" text, CONSTRAINT "supplier_return_pk" PRIMARY KEY ("id"), CONSTRAINT "supplier_return_removal_uq" UNIQUE ("removal_event_id", "component_serial"), CONSTRAINT "supplier_return_status_chk" CHECK ("status" IN ('open', 'confirmed', 'no_fault_found')), CONSTRAINT "supplier_return_closed_chk" CHECK (("status" = 'open') = ("closed_at" IS NULL)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "supplier_return_supplier_idx" ON "supplier_return" ("supplier_id", "status", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "supplier_return_status_idx" ON "supplier_return" ("status", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "supplier_return"`);
    await queryRunner.query(`DROP TABLE "failure_disposition"`);
    await queryRunner.query(`DROP TABLE "disposition_table"`);
  }
}
