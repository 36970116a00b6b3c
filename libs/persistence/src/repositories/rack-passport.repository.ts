import type { Ed25519PublicJwk, PassportFacts } from '#contracts';
import type { Queryable } from './queryable.js';

/** A sealed passport as stored: the signed text, served as it is. */
export interface StoredPassport {
  rackSerial: string;
  version: number;
  siteId: string;
  shippedAt: Date;
  sealedAt: Date;
  keyId: string;
  document: string;
}

export interface NewPassport {
  rackSerial: string;
  shipEventId: string;
  siteId: string;
  shippedAt: Date;
  sealedAt: Date;
  keyId: string;
  // Builds the signed text for the version the insert will take.
  document: (version: number) => string;
}

/** Keyset position in a shipment listing: after this (shippedAt, serial, version). */
export interface ShipmentCursor {
  shippedAt: Date;
  rackSerial: string;
  version: number;
}

export interface ShipmentFilter {
  siteId?: string;
  shippedFrom?: Date;
  shippedTo?: Date;
}

interface PartRow {
  serial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  supplierName: string | null;
  supplierCountry: string | null;
  lot: string;
  parentSerial: string | null;
  installedAt: Date;
  removedAt: Date | null;
}

// Stages whose runs the passport lists: those with a dwell in the rack's route, and burn_in by name.
const RUN_STAGES = `(SELECT jsonb_object_keys(r.dwell) FROM rack r WHERE r.serial = $1 UNION SELECT 'burn_in')`;

/** `rack_passport` and `passport_signing_key`, and the facts a passport is sealed from. */
export class RackPassportRepository {
  constructor(private readonly db: Queryable) {}

  /** Registers the public half of a signing key (once; a restart with the same key changes nothing). */
  async registerKey(jwk: Ed25519PublicJwk): Promise<void> {
    await this.db.query(
      `INSERT INTO passport_signing_key (key_id, public_jwk) VALUES ($1, $2::jsonb) ON CONFLICT (key_id) DO NOTHING`,
      [jwk.kid, JSON.stringify(jwk)],
    );
  }

  /** Every key passports were ever signed with, oldest first. */
  async publicKeys(): Promise<Ed25519PublicJwk[]> {
    const rows = await this.db.query<{ public_jwk: Ed25519PublicJwk }[]>(
      'SELECT public_jwk FROM passport_signing_key ORDER BY registered_at, key_id',
    );
    return rows.map((row) => row.public_jwk);
  }

  /**
   * What the rack was when `shipEventId` shipped it: the parts installed at that instant (parents first), the parts
   * taken out before, its runs at timed stages, measurements, failures and dispositions. undefined without the rack.
   */
  async factsAtShip(rackSerial: string, shipEventId: string): Promise<PassportFacts | undefined> {
    const [rack] = await this.db.query<PassportFacts['rack'][]>(
      `SELECT r.serial, r.model, r.site_id AS "siteId", r.line_id AS "lineId", r.started_at AS "startedAt",
              t.occurred_at AS "shippedAt", t.event_id AS "shipEventId", r.rework_count AS "reworkCount",
              r.failure_count AS "failureCount"
         FROM rack r JOIN rack_transition t ON t.rack_serial = r.serial AND t.event_id = $2
        WHERE r.serial = $1`,
      [rackSerial, shipEventId],
    );
    if (rack === undefined) return undefined;
    const parts = await this.db.query<PartRow[]>(
      `SELECT i.component_serial AS serial, i.part_number AS "partNumber", i.kind, i.supplier_id AS "supplierId",
              s.name AS "supplierName", s.country AS "supplierCountry", i.lot, i.parent_serial AS "parentSerial",
              i.installed_at AS "installedAt", i.removed_at AS "removedAt"
         FROM component_install i LEFT JOIN supplier s ON s.supplier_id = i.supplier_id
        WHERE i.rack_serial = $1 AND i.installed_at <= $2
        ORDER BY i.id`,
      [rackSerial, rack.shippedAt],
    );
    const burnInRuns = await this.db.query<PassportFacts['burnInRuns'][number][]>(
      `WITH t AS (
         SELECT id, event_type, stage, station_id, occurred_at, location_cell, location_position
           FROM rack_transition WHERE rack_serial = $1 AND stage IN ${RUN_STAGES}
       )
       SELECT s.stage, s.station_id AS "stationId", s.location_cell AS cell, s.location_position AS position,
              s.occurred_at AS "startedAt", e.occurred_at AS "endedAt", COALESCE(e.event_type, 'running') AS result
         FROM t s LEFT JOIN LATERAL (
           SELECT e.occurred_at, e.event_type FROM t e
            WHERE e.id > s.id AND e.stage = s.stage AND e.event_type IN ('passed', 'completed', 'failed', 'scrap')
            ORDER BY e.id LIMIT 1) e ON true
        WHERE s.event_type = 'started'
        ORDER BY s.id`,
      [rackSerial],
    );
    const measurements = await this.db.query<PassportFacts['measurements'][number][]>(
      `SELECT stage, name, value, unit, low, high, passed, occurred_at AS "occurredAt"
         FROM test_measurement WHERE rack_serial = $1 AND occurred_at <= $2 ORDER BY id`,
      [rackSerial, rack.shippedAt],
    );
    const failures = await this.db.query<PassportFacts['failures'][number][]>(
      `SELECT stage, code, component_serial AS "componentSerial", message, action, occurrence,
              table_version AS "tableVersion", occurred_at AS "occurredAt"
         FROM failure_disposition WHERE rack_serial = $1 AND occurred_at <= $2 ORDER BY id`,
      [rackSerial, rack.shippedAt],
    );
    const shippedAt = rack.shippedAt.getTime();
    const atShip = (part: PartRow) => part.removedAt === null || part.removedAt.getTime() > shippedAt;
    return {
      rack,
      parts: parts.filter(atShip).map(({ removedAt: _removed, ...part }) => part),
      replaced: parts
        .filter((part) => !atShip(part))
        .map((part) => ({ ...part, removedAt: part.removedAt! })),
      burnInRuns,
      measurements,
      failures,
    };
  }

  /** Seals the next version for the rack; false when this ship event was sealed before (a redelivery). */
  async insertNext(passport: NewPassport): Promise<boolean> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `rack_passport:${passport.rackSerial}`,
    ]);
    const [known] = await this.db.query<{ version: number }[]>(
      'SELECT version FROM rack_passport WHERE ship_event_id = $1',
      [passport.shipEventId],
    );
    if (known !== undefined) return false;
    const [{ next }] = await this.db.query<{ next: number }[]>(
      'SELECT COALESCE(max(version), 0)::int + 1 AS next FROM rack_passport WHERE rack_serial = $1',
      [passport.rackSerial],
    );
    await this.db.query(
      `INSERT INTO rack_passport (rack_serial, version, ship_event_id, site_id, shipped_at, sealed_at, key_id, document)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        passport.rackSerial,
        next,
        passport.shipEventId,
        passport.siteId,
        passport.shippedAt,
        passport.sealedAt,
        passport.keyId,
        passport.document(next),
      ],
    );
    return true;
  }

  /** The rack's passport: the given version, or the latest. */
  async find(rackSerial: string, version?: number): Promise<StoredPassport | undefined> {
    const rows = await this.db.query<StoredPassport[]>(
      `SELECT rack_serial AS "rackSerial", version, site_id AS "siteId", shipped_at AS "shippedAt",
              sealed_at AS "sealedAt", key_id AS "keyId", document
         FROM rack_passport WHERE rack_serial = $1 ${version === undefined ? '' : 'AND version = $2'}
        ORDER BY version DESC LIMIT 1`,
      version === undefined ? [rackSerial] : [rackSerial, version],
    );
    return rows[0];
  }

  /** Passports of a shipment, by ship time, a page at a time (keyset), every version. */
  async shipmentPage(
    filter: ShipmentFilter,
    after: ShipmentCursor | null,
    limit: number,
  ): Promise<StoredPassport[]> {
    const values: unknown[] = [];
    const conditions: string[] = [];
    if (filter.siteId !== undefined) conditions.push(`site_id = $${values.push(filter.siteId)}`);
    if (filter.shippedFrom !== undefined)
      conditions.push(`shipped_at >= $${values.push(filter.shippedFrom)}`);
    if (filter.shippedTo !== undefined) conditions.push(`shipped_at < $${values.push(filter.shippedTo)}`);
    if (after !== null)
      conditions.push(
        `(shipped_at, rack_serial, version) > ($${values.push(after.shippedAt)}, $${values.push(after.rackSerial)}, $${values.push(after.version)})`,
      );
    return this.db.query<StoredPassport[]>(
      `SELECT rack_serial AS "rackSerial", version, site_id AS "siteId", shipped_at AS "shippedAt",
              sealed_at AS "sealedAt", key_id AS "keyId", document
         FROM rack_passport ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
        ORDER BY shipped_at, rack_serial, version LIMIT $${values.push(limit)}`,
      values,
    );
  }
}
