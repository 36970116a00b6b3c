import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The serial search's trigram index moves from `serial` to `lower(serial)`.
 *
 * pg_trgm's GIN operator class also answers `=`, so on a `rack` table whose statistics lag (any table growing
 * faster than autovacuum analyses it: a new site, a rebuild, a backlog) the planner chose
 * `rack_serial_trgm_idx` for the tracker's `serial = ANY($1)` over the primary key: every chunk's rack lookup
 * took 0.5–6.6 s instead of about 1 ms, and bounded the tracker's throughput (found with auto_explain in
 * `npm run bench`). An index on `lower(serial)` cannot serve `serial = …`, so only the primary key can; the
 * search matches `lower(serial) LIKE lower(pattern)`, which is the case-blind match ILIKE gave.
 */
export class SerialSearchLowerCase1765300000000 implements MigrationInterface {
  name = 'SerialSearchLowerCase1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rack_serial_trgm_idx"`);
    await queryRunner.query(
      `CREATE INDEX "rack_serial_lower_trgm_idx" ON "rack" USING gin (lower("serial") gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rack_serial_lower_trgm_idx"`);
    await queryRunner.query(
      `CREATE INDEX "rack_serial_trgm_idx" ON "rack" USING gin ("serial" gin_trgm_ops)`,
    );
  }
}
