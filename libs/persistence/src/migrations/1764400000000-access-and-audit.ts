import type { MigrationInterface, QueryRunner } from 'typeorm';

/** People's access tokens (managers and admins, stored hashed) and the configuration audit log. */
export class AccessAndAudit1764400000000 implements MigrationInterface {
  name = 'AccessAndAudit1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "access_token" ("id" BIGSERIAL NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_d1e0f699436608cc429896f991f" UNIQUE ("token_hash"), CONSTRAINT "PK_f20f028607b2603deabd8182d12" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" text NOT NULL, "actor_name" text NOT NULL, "actor_role" text NOT NULL, "service" text NOT NULL, "action" text NOT NULL, "subject_type" text NOT NULL, "subject_id" text NOT NULL, "before" jsonb, "after" jsonb, "correlation_id" text, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_subject_idx" ON "audit_entry"  ("subject_type", "subject_id", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_entry_subject_idx"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP TABLE "access_token"`);
  }
}
