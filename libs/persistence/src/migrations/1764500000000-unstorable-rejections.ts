import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message PostgreSQL refuses to store (a lone UTF-16 surrogate, bytes that are not UTF-8) is still
 * recorded as a rejection: its bytes go to `raw` exactly as consumed, since jsonb cannot hold them, and
 * `payload` stays empty for it.
 */
export class UnstorableRejections1764500000000 implements MigrationInterface {
  name = 'UnstorableRejections1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rejection" ADD "raw" bytea`);
    await queryRunner.query(`ALTER TABLE "rejection" ALTER COLUMN "payload" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "rejection" WHERE "payload" IS NULL`);
    await queryRunner.query(`ALTER TABLE "rejection" ALTER COLUMN "payload" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rejection" DROP COLUMN "raw"`);
  }
}
