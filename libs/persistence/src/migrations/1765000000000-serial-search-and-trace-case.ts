import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search by any part of a serial, and traces that match lots and suppliers whatever their case (docs/dashboard.md).
 *
 * - `rack_serial_trgm_idx`: a trigram GIN index, so `serial ILIKE '%…%'` (`GET /v1/racks?q=`) reads the index
 *   instead of every rack. pg_trgm ships with PostgreSQL (contrib, in every Debian server package and the
 *   official image) and is a trusted extension since PostgreSQL 13: the database owner the services migrate as
 *   may create it without being a superuser.
 * - Trace indexes on `lower(lot)` and `lower(supplier_id)`, each ending in rack_serial as the exact ones do (see
 *   GenealogyQueries1764300000000), since a trace now matches `lower(column) = lower($n)`. The exact lot and
 *   supplier indexes stay: the lot-escape rule and the passports still match exactly. The (part number,
 *   supplier) pair is only a trace's, so its index is replaced by the case-blind one.
 */
export class SerialSearchAndTraceCase1765000000000 implements MigrationInterface {
  name = 'SerialSearchAndTraceCase1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "rack_serial_trgm_idx" ON "rack" USING gin ("serial" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_lot_ci_rack_idx" ON "component_install" (lower("lot"), "rack_serial")`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_supplier_ci_rack_idx" ON "component_install" (lower("supplier_id"), "rack_serial")`,
    );
    await queryRunner.query(`DROP INDEX "public"."component_install_part_supplier_rack_idx"`);
    await queryRunner.query(
      `CREATE INDEX "component_install_part_supplier_ci_rack_idx" ON "component_install" ("part_number", lower("supplier_id"), "rack_serial")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."component_install_part_supplier_ci_rack_idx"`);
    await queryRunner.query(
      `CREATE INDEX "component_install_part_supplier_rack_idx" ON "component_install"  ("part_number", "supplier_id", "rack_serial") `,
    );
    await queryRunner.query(`DROP INDEX "public"."component_install_supplier_ci_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_lot_ci_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."rack_serial_trgm_idx"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
