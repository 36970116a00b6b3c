import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Genealogy read side: `component_failure` (components named in accepted `failed` events, so
 * Paretos and a component's failure history need no scan of event JSON), and trace indexes that end in
 * rack_serial, replacing the lot / supplier / (part, lot, supplier) indexes of the core schema: a trace pages
 * through racks in serial order, and these hand each filter's matches over already in that order, so a first
 * page of a part number found in every rack stops after 50 racks. Lot filters go through the lot index (a lot
 * is a few thousand parts at most); part number + supplier has its own, since that pair can be rare while
 * each half is common. Measured with tools/bench/src/trace-bench.ts on 7.8 million installs.
 */
export class GenealogyQueries1764300000000 implements MigrationInterface {
  name = 'GenealogyQueries1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."component_install_supplier_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_lot_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_trace_idx"`);
    await queryRunner.query(
      `CREATE TABLE "component_failure" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "rack_serial" text NOT NULL, "component_serial" text NOT NULL, "part_number" text NOT NULL, "kind" text NOT NULL, "supplier_id" text NOT NULL, "lot" text NOT NULL, "stage" text NOT NULL, "station_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8cc0f87c041551eed39121ab9d8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "component_failure_occurred_idx" ON "component_failure"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "component_failure_serial_idx" ON "component_failure"  ("component_serial", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "component_failure_event_component_uq" ON "component_failure"  ("event_id", "component_serial") `,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_supplier_rack_idx" ON "component_install"  ("supplier_id", "rack_serial") `,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_lot_rack_idx" ON "component_install"  ("lot", "rack_serial") `,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_part_rack_idx" ON "component_install"  ("part_number", "rack_serial") `,
    );
    await queryRunner.query(
      `CREATE INDEX "component_install_part_supplier_rack_idx" ON "component_install"  ("part_number", "supplier_id", "rack_serial") `,
    );
    // Failures accepted before this table existed live only in station_event.payload: copy them over with
    // the part's identity from the stay that covered the failure's time.
    await queryRunner.query(`INSERT INTO "component_failure" ("event_id", "rack_serial", "component_serial", "part_number", "kind", "supplier_id", "lot", "stage", "station_id", "occurred_at")
      SELECT DISTINCT ON (e."event_id", f."serial") e."event_id", e."rack_serial", f."serial", c."part_number", c."kind", c."supplier_id", c."lot", e."stage", e."station_id", e."occurred_at"
        FROM "station_event" e
        CROSS JOIN LATERAL jsonb_array_elements_text(e."payload"->'failedComponents') AS f("serial")
        JOIN "component_install" c ON c."component_serial" = f."serial" AND c."rack_serial" = e."rack_serial"
                                  AND c."installed_at" <= e."occurred_at" AND (c."removed_at" IS NULL OR c."removed_at" > e."occurred_at")
       WHERE e."outcome" = 'accepted' AND e."type" = 'failed' AND jsonb_typeof(e."payload"->'failedComponents') = 'array'
       ORDER BY e."event_id", f."serial", c."installed_at" DESC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."component_install_part_supplier_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_part_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_lot_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_install_supplier_rack_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_failure_event_component_uq"`);
    await queryRunner.query(`DROP INDEX "public"."component_failure_serial_idx"`);
    await queryRunner.query(`DROP INDEX "public"."component_failure_occurred_idx"`);
    await queryRunner.query(`DROP TABLE "component_failure"`);
    await queryRunner.query(
      `CREATE INDEX "component_install_trace_idx" ON "component_install"  ("part_number", "lot", "supplier_id") `,
    );
    await queryRunner.query(`CREATE INDEX "component_install_lot_idx" ON "component_install"  ("lot") `);
    await queryRunner.query(
      `CREATE INDEX "component_install_supplier_idx" ON "component_install"  ("supplier_id") `,
    );
  }
}
