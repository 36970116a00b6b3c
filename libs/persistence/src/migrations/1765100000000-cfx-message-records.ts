import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the IPC-CFX bridge received and did not publish as station events (docs/cfx.md): messages it cannot map
 * (`unmapped`: no mapping, or content outside the contract), messages that are not CFX envelopes
 * (`malformed`), and equipment faults (`fault`, recorded whether or not they held a rack). The body is kept
 * as bytes (`raw`), so anything a broker can carry is stored exactly: no NUL, lone surrogate or invalid
 * UTF-8 can make the record itself fail. Text columns hold only what PostgreSQL can store as text.
 */
export class CfxMessageRecords1765100000000 implements MigrationInterface {
  name = 'CfxMessageRecords1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cfx_message_record" (
        "id" bigserial PRIMARY KEY,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "kind" text NOT NULL CHECK ("kind" IN ('unmapped', 'malformed', 'fault')),
        "reason" text NOT NULL,
        "message_name" text,
        "unique_id" text,
        "source" text,
        "raw" bytea NOT NULL,
        "raw_bytes" integer NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "cfx_message_record_received_idx" ON "cfx_message_record" ("received_at" DESC)`,
    );
    // A redelivered message that is recorded again would be counted twice; one row per (kind, UniqueID).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cfx_message_record_unique_uq" ON "cfx_message_record" ("kind", "unique_id") WHERE "unique_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cfx_message_record_unique_uq"`);
    await queryRunner.query(`DROP INDEX "public"."cfx_message_record_received_idx"`);
    await queryRunner.query(`DROP TABLE "cfx_message_record"`);
  }
}
