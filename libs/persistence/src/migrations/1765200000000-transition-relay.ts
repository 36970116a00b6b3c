import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rack-transitions` is published from `rack_transition` itself (docs/adr/0009-transitions-relayed-from-history.md): the history row the tracker must
 * write anyway is the outbox, so an accepted event no longer costs an outbox insert, its delete and a second
 * copy of the announcement.
 *
 * A relay cannot follow `id`: ids are taken when a row is inserted, not when its transaction commits, so a
 * transaction that took id 10 and commits after one that took id 11 would be passed over. Each row records
 * the transaction that wrote it (`written_by_xid`, 64-bit, never wraps); the relay reads rows in
 * (written_by_xid, id) order and only below the snapshot's xmin, the oldest transaction still running. Every
 * transaction below that horizon has ended, so no row can appear behind the relay's cursor later.
 *
 * The announcement's remaining fields (model, line, rework count, correlation id) move onto the row, so it is
 * complete on its own. Rows written before this migration were announced through the outbox; the cursor
 * starts after them. Trackers must be stopped while it runs (docs/operations.md, "Upgrading"): a transaction
 * begun before it and inserting after it would sit behind the cursor.
 */
export class TransitionRelay1765200000000 implements MigrationInterface {
  name = 'TransitionRelay1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_current_xact_id() is STABLE, so existing rows take this transaction's id without a table rewrite.
    await queryRunner.query(
      `ALTER TABLE "rack_transition"
         ADD COLUMN "written_by_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
         ADD COLUMN "model" text,
         ADD COLUMN "line_id" text,
         ADD COLUMN "rework_count" integer,
         ADD COLUMN "correlation_id" text`,
    );
    await queryRunner.query(
      `CREATE INDEX "rack_transition_relay_idx" ON "rack_transition" ("written_by_xid", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "rack_transition_relay_cursor" (
        "relay" text PRIMARY KEY,
        "last_xid" xid8 NOT NULL,
        "last_id" bigint NOT NULL,
        "relayed_at" timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "rack_transition_relay_cursor" ("relay", "last_xid", "last_id")
       SELECT 'rack-transitions', pg_current_xact_id(), COALESCE(max("id"), 0) FROM "rack_transition"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rack_transition_relay_cursor"`);
    await queryRunner.query(`DROP INDEX "public"."rack_transition_relay_idx"`);
    await queryRunner.query(
      `ALTER TABLE "rack_transition" DROP COLUMN "written_by_xid", DROP COLUMN "model", DROP COLUMN "line_id",
         DROP COLUMN "rework_count", DROP COLUMN "correlation_id"`,
    );
  }
}
