import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rack_transition` loses its unique index on `event_id`. A transition is written only in the statement that
 * records its event in `station_event`, whose primary key is the event id, so that key already makes an event
 * yield at most one transition; the second index checked the same thing again on every insert, at random places
 * in a B-tree of random UUIDs. Inserting 300,000 transitions took 23.3 ms of PostgreSQL per 1,000 with it and
 * 19.5 without. The one read by event id (the passport's ship transition) also names the rack, and
 * `rack_transition_rack_idx` serves it.
 */
export class TransitionEventIdIndex1765500000000 implements MigrationInterface {
  name = 'TransitionEventIdIndex1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rack_transition" DROP CONSTRAINT "UQ_32aa1a636b4893e05940bbbb5fc"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rack_transition" ADD CONSTRAINT "UQ_32aa1a636b4893e05940bbbb5fc" UNIQUE ("event_id")`,
    );
  }
}
