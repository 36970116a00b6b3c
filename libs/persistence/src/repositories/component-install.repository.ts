import type { ComponentKind, InstalledComponent } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

interface ActiveInstallRow {
  component_serial: string;
  rack_serial: string;
  part_number: string;
  kind: ComponentKind;
  supplier_id: string;
  lot: string;
  parent_serial: string | null;
}

export interface ComponentMovement {
  component: InstalledComponent;
  eventId: string;
  at: Date;
  // An install whose removal came in the same chunk: the stay is written closed, in one row. Written as an
  // open row plus an UPDATE, the UPDATE would run before the row exists and the removal would be lost.
  removed?: { eventId: string; at: Date };
}

/** The as-built genealogy: one row per stay of a component in a rack. */
export class ComponentInstallRepository {
  /** Current installs of the given serials, and of every child of the given parents, across all racks. */
  async findActive(
    db: Queryable,
    serials: readonly string[],
    parents: readonly string[],
  ): Promise<InstalledComponent[]> {
    if (serials.length === 0 && parents.length === 0) return [];
    const rows = await db.query<ActiveInstallRow[]>(
      `SELECT component_serial, rack_serial, part_number, kind, supplier_id, lot, parent_serial
         FROM component_install
        WHERE removed_at IS NULL AND (component_serial = ANY($1::text[]) OR parent_serial = ANY($2::text[]))`,
      [serials, parents],
    );
    return rows.map((row) => ({
      serial: row.component_serial,
      rackSerial: row.rack_serial,
      partNumber: row.part_number,
      kind: row.kind,
      supplierId: row.supplier_id,
      lot: row.lot,
      parentSerial: row.parent_serial,
    }));
  }

  /**
   * Removals (of stays written before this chunk) first, so a serial removed and re-installed in one batch never
   * trips the one-rack-at-a-time index; installs removed again within the chunk are inserted already closed.
   */
  async record(
    db: Queryable,
    removals: readonly ComponentMovement[],
    installs: readonly ComponentMovement[],
  ): Promise<void> {
    if (removals.length > 0) {
      await db.query(
        `UPDATE component_install AS c SET removed_event_id = r."eventId", removed_at = r.at
           FROM jsonb_to_recordset($1::jsonb) AS r(serial text, "rackSerial" text, "eventId" uuid, at timestamptz)
          WHERE c.component_serial = r.serial AND c.rack_serial = r."rackSerial" AND c.removed_at IS NULL`,
        [
          asJsonRows(
            removals.map(({ component, eventId, at }) => ({
              serial: component.serial,
              rackSerial: component.rackSerial,
              eventId,
              at,
            })),
          ),
        ],
      );
    }
    if (installs.length > 0) {
      await db.query(
        `INSERT INTO component_install (component_serial, rack_serial, part_number, kind, supplier_id, lot, parent_serial,
                                        installed_event_id, installed_at, removed_event_id, removed_at)
         SELECT serial, "rackSerial", "partNumber", kind, "supplierId", lot, "parentSerial", "eventId", at,
                "removedEventId", "removedAt"
           FROM jsonb_to_recordset($1::jsonb) AS r(serial text, "rackSerial" text, "partNumber" text, kind text,
                "supplierId" text, lot text, "parentSerial" text, "eventId" uuid, at timestamptz,
                "removedEventId" uuid, "removedAt" timestamptz)`,
        [
          asJsonRows(
            installs.map(({ component, eventId, at, removed }) => ({
              ...component,
              eventId,
              at,
              removedEventId: removed?.eventId ?? null,
              removedAt: removed?.at ?? null,
            })),
          ),
        ],
      );
    }
  }
}
