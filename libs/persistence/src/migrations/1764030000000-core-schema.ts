import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core pipeline's schema: stations, routes, racks, their event log, history, rejections, outbox,
 * transactional consumer offsets, and the as-built genealogy and test measurements of the event contract.
 */
export class CoreSchema1764030000000 implements MigrationInterface {
  name = 'CoreSchema1764030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "component_install" ("id" BIGSERIAL NOT NULL, "component_serial" text NOT NULL, "rack_serial" text NOT NULL, "part_number" text NOT NULL, "kind" text NOT NULL, "supplier_id" text NOT NULL, "lot" text NOT NULL, "parent_serial" text, "installed_event_id" uuid NOT NULL, "installed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "removed_event_id" uuid, "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_47bb5b692f8e99b8383c8e42ecb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_parent_idx" ON "component_install"  ("parent_serial") WHERE "removed_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_supplier_idx" ON "component_install"  ("supplier_id")`,
    );
    await queryRunner.query(`CREATE INDEX "component_install_lot_idx" ON "component_install"  ("lot")`);
    await queryRunner.query(
      `CREATE INDEX "component_install_trace_idx" ON "component_install"  ("part_number", "lot", "supplier_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_serial_idx" ON "component_install"  ("component_serial", "installed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_rack_idx" ON "component_install"  ("rack_serial", "installed_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "component_install_active_serial_uq" ON "component_install"  ("component_serial") WHERE "removed_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "consumer_offset" ("consumer_group" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_db235a03ab3a0878d17ac86d374" PRIMARY KEY ("consumer_group", "topic", "partition"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rack_route" ("model" text NOT NULL, "stages" text array NOT NULL, "required_slots" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de76c2fb47731eb1f61ea3fdcd1" PRIMARY KEY ("model"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rack_transition" ("id" BIGSERIAL NOT NULL, "rack_serial" text NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "stage" text NOT NULL, "from_stage" text, "from_status" text, "to_stage" text NOT NULL, "to_status" text NOT NULL, "station_id" text NOT NULL, "site_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_32aa1a636b4893e05940bbbb5fc" UNIQUE ("event_id"), CONSTRAINT "PK_4094bff25d7ba611694168f87df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "rack_transition_occurred_idx" ON "rack_transition"  ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "rack_transition_rack_idx" ON "rack_transition"  ("rack_serial", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "rack" ("serial" text NOT NULL, "model" text NOT NULL, "site_id" text NOT NULL, "line_id" text NOT NULL, "route" text array NOT NULL, "required_slots" jsonb NOT NULL, "stage" text NOT NULL, "status" text NOT NULL, "held_stage" text, "held_status" text, "rework_count" integer NOT NULL DEFAULT '0', "failure_count" integer NOT NULL DEFAULT '0', "slot_counts" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_event_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_659b4a7b9af7b93c1ef2b628097" PRIMARY KEY ("serial"))`,
    );
    await queryRunner.query(`CREATE INDEX "rack_site_idx" ON "rack"  ("site_id", "stage", "status")`);
    await queryRunner.query(`CREATE INDEX "rack_stage_status_idx" ON "rack"  ("stage", "status")`);
    await queryRunner.query(
      `CREATE TABLE "rejection" ("id" BIGSERIAL NOT NULL, "event_id" text, "rack_serial" text, "station_id" text, "reason" text NOT NULL, "detail" text NOT NULL, "payload" jsonb NOT NULL, "kafka_partition" integer NOT NULL, "kafka_offset" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f36d20cccdfe5d62d0608d4cfc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "rejection_source_idx" ON "rejection"  ("kafka_partition", "kafka_offset")`,
    );
    await queryRunner.query(`CREATE INDEX "rejection_reason_idx" ON "rejection"  ("reason", "id")`);
    await queryRunner.query(`CREATE INDEX "rejection_rack_idx" ON "rejection"  ("rack_serial", "id")`);
    await queryRunner.query(
      `CREATE TABLE "station_event" ("event_id" uuid NOT NULL, "rack_serial" text NOT NULL, "station_id" text NOT NULL, "stage" text NOT NULL, "type" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "operator_id" text, "payload" jsonb NOT NULL, "content_hash" text NOT NULL, "outcome" text NOT NULL, "kafka_partition" integer NOT NULL, "kafka_offset" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f88563b7c818c9b2c701953059c" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "station_event_rack_idx" ON "station_event"  ("rack_serial", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "station" ("station_id" text NOT NULL, "stage" text NOT NULL, "role" text NOT NULL, "site_id" text NOT NULL, "line_id" text NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_2d4c1bbbd0d6e55e723301c0fea" UNIQUE ("token_hash"), CONSTRAINT "PK_884dc19f23fa837bc44d9c0eef6" PRIMARY KEY ("station_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "supplier" ("supplier_id" text NOT NULL, "name" text NOT NULL, "country" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e0f8ee60663218082b83251cd85" PRIMARY KEY ("supplier_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "test_measurement" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "rack_serial" text NOT NULL, "stage" text NOT NULL, "name" text NOT NULL, "value" double precision NOT NULL, "unit" text NOT NULL, "low" double precision, "high" double precision, "passed" boolean NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4df9af2c2e4787df23b571c9b07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "test_measurement_name_idx" ON "test_measurement"  ("name", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "test_measurement_rack_idx" ON "test_measurement"  ("rack_serial", "occurred_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."test_measurement_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."test_measurement_name_idx"`);
    await queryRunner.query(`DROP TABLE "test_measurement"`);
    await queryRunner.query(`DROP TABLE "supplier"`);
    await queryRunner.query(`DROP TABLE "station"`);
    await queryRunner.query(`DROP INDEX "public"."station_event_rack_idx"`);
    await queryRunner.query(`DROP TABLE "station_event"`);
    await queryRunner.query(`DROP INDEX "public"."rejection_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rejection_reason_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rejection_source_idx"`);
    await queryRunner.query(`DROP TABLE "rejection"`);
    await queryRunner.query(`DROP INDEX "public"."rack_stage_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rack_site_idx"`);
    await queryRunner.query(`DROP TABLE "rack"`);
    await queryRunner.query(`DROP INDEX "public"."rack_transition_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rack_transition_occurred_idx"`);
    await queryRunner.query(`DROP TABLE "rack_transition"`);
    await queryRunner.query(`DROP TABLE "rack_route"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`DROP TABLE "consumer_offset"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_active_serial_uq"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_serial_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_trace_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_lot_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_supplier_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_parent_idx"`);
    await queryRunner.query(`DROP TABLE "component_install"`);
  }
}
