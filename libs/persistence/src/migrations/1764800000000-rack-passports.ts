import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed rack passports.
 *
 * - `passport_signing_key`: the public half of every key the tracker has signed with, registered when it starts,
 *   never deleted, so passports signed before a rotation still verify against `GET /v1/passport-keys`.
 * - `rack_passport`: each sealed passport, immutable, one version per ship of the rack; the document is kept as
 *   the exact text that was signed and is served.
 */
export class RackPassports1764800000000 implements MigrationInterface {
  name = 'RackPassports1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "passport_signing_key" ("key_id" text NOT NULL, "public_jwk" jsonb NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "passport_signing_key_pk" PRIMARY KEY ("key_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rack_passport" ("rack_serial" text NOT NULL, "version" integer NOT NULL, "ship_event_id" uuid NOT NULL, "site_id" text NOT NULL, "shipped_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "document" text NOT NULL, CONSTRAINT "rack_passport_pk" PRIMARY KEY ("rack_serial", "version"), CONSTRAINT "rack_passport_ship_event_uq" UNIQUE ("ship_event_id"), CONSTRAINT "rack_passport_key_fk" FOREIGN KEY ("key_id") REFERENCES "passport_signing_key"("key_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "rack_passport_shipment_idx" ON "rack_passport" ("site_id", "shipped_at", "rack_serial")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rack_passport"`);
    await queryRunner.query(`DROP TABLE "passport_signing_key"`);
  }
}
