import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts about the pipeline rather than one site (a stalled tracker partition): `site_id` may be null, and
 * such alerts are deduplicated per rule and subject by their own partial unique index, since the site
 * index treats every null as distinct.
 */
export class PipelineAlerts1764520000000 implements MigrationInterface {
  name = 'PipelineAlerts1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert" ALTER COLUMN "site_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "alert_pipeline_open_key_uq" ON "alert"  ("rule", "subject") WHERE "site_id" IS NULL AND "status" <> 'resolved'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."alert_pipeline_open_key_uq"`);
    // Site-less alerts cannot be kept once a site is required again.
    await queryRunner.query(`DELETE FROM "alert" WHERE "site_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "alert" ALTER COLUMN "site_id" SET NOT NULL`);
  }
}
