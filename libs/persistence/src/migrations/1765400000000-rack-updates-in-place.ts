import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every accepted event rewrites its rack's row. While `stage` and `status` were indexed (`rack_site_idx`,
 * `rack_stage_status_idx`), no such update could be a heap-only (HOT) update: each one added entries to all of
 * `rack`'s indexes, the trigram index on the serial among them, and the tracker's PostgreSQL time per event was a
 * fifth higher than it is without them (`npm run bench -- --only consumers`; docs/architecture.md, "Why a rack update stays on its page").
 *
 * The read side never needed them: every query that filters on stage or status also names the site, and those
 * asking for racks still on the line say so with `completed_at IS NULL` (only shipping sets it, once). So the
 * two indexes give way to one on (site_id, completed_at), whose columns an event changes at most once per rack,
 * and the table leaves half of each page free so the new version of a row fits beside the old one.
 */
export class RackUpdatesInPlace1765400000000 implements MigrationInterface {
  name = 'RackUpdatesInPlace1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "rack_site_completed_idx" ON "rack" ("site_id", "completed_at")`);
    await queryRunner.query(`DROP INDEX "public"."rack_site_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rack_stage_status_idx"`);
    // Applies to pages written from now on; existing pages fill up as they are rewritten by updates.
    await queryRunner.query(`ALTER TABLE "rack" SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rack" RESET (fillfactor)`);
    await queryRunner.query(`CREATE INDEX "rack_stage_status_idx" ON "rack" ("stage", "status")`);
    await queryRunner.query(`CREATE INDEX "rack_site_idx" ON "rack" ("site_id", "stage", "status")`);
    await queryRunner.query(`DROP INDEX "public"."rack_site_completed_idx"`);
  }
}
