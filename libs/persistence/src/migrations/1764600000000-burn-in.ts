import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Burn-in as a timed stage held in numbered positions.
 *
 * - `rack_route.dwell` / `rack.dwell`: per stage `{minHours, maxHours, retestMinHours}`; the rack keeps the
 *   snapshot it was created with, like its stages, so editing a route never changes a soak already running.
 * - `rack.soak_*`: the clock of the current dwell run (started, hold time accrued, whether it is a retest,
 *   when the running hold began), so a `passed` can be judged without replaying the history.
 * - `rack.location_*`: the burn-in position a rack holds; `rack_location_uq` lets the database decide when
 *   two racks on different Kafka partitions race for one position, as `component_install_active_serial_uq`
 *   does for components.
 * - `rack.hold_reason*`: why a rack is on hold, shown wherever it appears.
 * - `burn_in_cell`: a site's cells and how many positions and kilowatts each has.
 */
export class BurnIn1764600000000 implements MigrationInterface {
  name = 'BurnIn1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rack_route" ADD "dwell" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "rack" ADD "dwell" jsonb NOT NULL DEFAULT '{}', ADD "location_cell" text, ADD "location_position" integer, ADD "soak_started_at" TIMESTAMP WITH TIME ZONE, ADD "soak_held_ms" bigint NOT NULL DEFAULT '0', ADD "soak_retest" boolean NOT NULL DEFAULT false, ADD "hold_started_at" TIMESTAMP WITH TIME ZONE, ADD "hold_reason" text, ADD "hold_reason_code" text`,
    );
    await queryRunner.query(
      `ALTER TABLE "rack" ADD CONSTRAINT "rack_location_complete_chk" CHECK (("location_cell" IS NULL) = ("location_position" IS NULL))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "rack_location_uq" ON "rack" ("site_id", "location_cell", "location_position") WHERE "location_cell" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "burn_in_cell" ("site_id" text NOT NULL, "cell_id" text NOT NULL, "positions" integer NOT NULL, "kw_per_position" double precision NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "burn_in_cell_pk" PRIMARY KEY ("site_id", "cell_id"), CONSTRAINT "burn_in_cell_positions_chk" CHECK ("positions" BETWEEN 1 AND 10000), CONSTRAINT "burn_in_cell_kw_chk" CHECK ("kw_per_position" >= 0))`,
    );
    await queryRunner.query(
      `ALTER TABLE "rack_transition" ADD "location_cell" text, ADD "location_position" integer, ADD "reason" text, ADD "reason_code" text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rack_transition" DROP COLUMN "reason_code", DROP COLUMN "reason", DROP COLUMN "location_position", DROP COLUMN "location_cell"`,
    );
    await queryRunner.query(`DROP TABLE "burn_in_cell"`);
    await queryRunner.query(`DROP INDEX "public"."rack_location_uq"`);
    await queryRunner.query(`ALTER TABLE "rack" DROP CONSTRAINT "rack_location_complete_chk"`);
    await queryRunner.query(
      `ALTER TABLE "rack" DROP COLUMN "hold_reason_code", DROP COLUMN "hold_reason", DROP COLUMN "hold_started_at", DROP COLUMN "soak_retest", DROP COLUMN "soak_held_ms", DROP COLUMN "soak_started_at", DROP COLUMN "location_position", DROP COLUMN "location_cell", DROP COLUMN "dwell"`,
    );
    await queryRunner.query(`ALTER TABLE "rack_route" DROP COLUMN "dwell"`);
  }
}
