import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Archived sites and acknowledged alerts (docs/dashboard.md).
 *
 * - `site_archive`: a site an admin archived (a test site, a closed line) is left out of the pickers; sites
 *   themselves are not a table (they are whatever has a target or racks), so archiving is a row of its own,
 *   deleted again on unarchive.
 * - `alert.acknowledged_*`: who on the floor took an andon alert, when, and their note; the token that made the
 *   call is in the audit log. `unacknowledged_notified_at`: when chat was told the alert went unacknowledged past
 *   its escalation time, so it is told once.
 */
export class SiteArchiveAndAndon1764900000000 implements MigrationInterface {
  name = 'SiteArchiveAndAndon1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "site_archive" ("site_id" text NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE NOT NULL, "archived_by" text NOT NULL, CONSTRAINT "site_archive_pk" PRIMARY KEY ("site_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert" ADD "acknowledged_by" text, ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE, ADD "acknowledge_note" text, ADD "unacknowledged_notified_at" TIMESTAMP WITH TIME ZONE`,
    );
    // Alerts already firing were never offered for acknowledgement: they are not escalated all at once on upgrade.
    await queryRunner.query(
      `UPDATE "alert" SET "unacknowledged_notified_at" = now() WHERE "status" = 'firing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "rack_transition_site_occurred_idx" ON "rack_transition" ("site_id", "occurred_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rack_transition_site_occurred_idx"`);
    await queryRunner.query(
      `ALTER TABLE "alert" DROP COLUMN "unacknowledged_notified_at", DROP COLUMN "acknowledge_note", DROP COLUMN "acknowledged_at", DROP COLUMN "acknowledged_by"`,
    );
    await queryRunner.query(`DROP TABLE "site_archive"`);
  }
}
