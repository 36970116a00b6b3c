import type { SupplierReturnOpening } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

export const SUPPLIER_RETURN_STATUSES = ['open', 'confirmed', 'no_fault_found'] as const;
export type SupplierReturnStatus = (typeof SUPPLIER_RETURN_STATUSES)[number];

/** A return to open, as the tracker writes it in the removal's transaction. */
export interface SupplierReturnRecord {
  opening: SupplierReturnOpening;
  siteId: string;
  removalEventId: string;
  openedAt: Date;
}

/** A return case as the API lists it, with the failing measurements of the failure that condemned the part. */
export interface StoredSupplierReturn {
  id: string;
  status: SupplierReturnStatus;
  supplierId: string;
  supplierName: string | null;
  supplierCountry: string | null;
  partNumber: string;
  kind: string;
  componentSerial: string;
  lot: string;
  codes: string[];
  rackSerial: string;
  siteId: string;
  failureEventId: string;
  removalEventId: string;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  note: string | null;
  measurements: {
    name: string;
    value: number;
    unit: string;
    low: number | null;
    high: number | null;
    passed: boolean;
  }[];
}

export interface SupplierReturnFilter {
  supplierId?: string;
  status?: SupplierReturnStatus;
  siteId?: string;
  // Keyset: cases with a smaller id than this (newest first).
  beforeId?: string;
  limit: number;
}

const SELECT_RETURN = `
  SELECT r.id::text AS id, r.status, r.supplier_id AS "supplierId", s.name AS "supplierName", s.country AS "supplierCountry",
         r.part_number AS "partNumber", r.kind, r.component_serial AS "componentSerial", r.lot, r.codes,
         r.rack_serial AS "rackSerial", r.site_id AS "siteId", r.failure_event_id AS "failureEventId",
         r.removal_event_id AS "removalEventId", r.opened_at AS "openedAt", r.closed_at AS "closedAt",
         r.closed_by AS "closedBy", r.note,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('name', m.name, 'value', m.value, 'unit', m.unit, 'low', m.low,
                                                      'high', m.high, 'passed', m.passed) ORDER BY m.name)
                     FROM test_measurement m WHERE m.event_id = r.failure_event_id), '[]'::jsonb) AS measurements
    FROM supplier_return r LEFT JOIN supplier s ON s.supplier_id = r.supplier_id`;

/** `supplier_return`: opened by the tracker, listed and closed through the API. */
export class SupplierReturnRepository {
  constructor(private readonly db: Queryable) {}

  /** Re-applying a chunk after a crash must not open a case twice: the removal and part identify it. */
  async insertMany(records: readonly SupplierReturnRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ opening, siteId, removalEventId, openedAt }) => ({
      supplierId: opening.component.supplierId,
      partNumber: opening.component.partNumber,
      kind: opening.component.kind,
      componentSerial: opening.component.serial,
      lot: opening.component.lot,
      codes: opening.codes,
      rackSerial: opening.component.rackSerial,
      siteId,
      failureEventId: opening.failureEventId,
      removalEventId,
      openedAt,
    }));
    await this.db.query(
      `INSERT INTO supplier_return (supplier_id, part_number, kind, component_serial, lot, codes, rack_serial, site_id,
                                    failure_event_id, removal_event_id, opened_at)
       SELECT "supplierId", "partNumber", kind, "componentSerial", lot, ARRAY(SELECT jsonb_array_elements_text(codes)),
              "rackSerial", "siteId", "failureEventId", "removalEventId", "openedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("supplierId" text, "partNumber" text, kind text, "componentSerial" text,
              lot text, codes jsonb, "rackSerial" text, "siteId" text, "failureEventId" uuid, "removalEventId" uuid,
              "openedAt" timestamptz)
       ON CONFLICT ON CONSTRAINT supplier_return_removal_uq DO NOTHING`,
      [asJsonRows(rows)],
    );
  }

  async list(filter: SupplierReturnFilter): Promise<StoredSupplierReturn[]> {
    const values: unknown[] = [];
    const conditions: string[] = [];
    if (filter.supplierId !== undefined)
      conditions.push(`r.supplier_id = $${values.push(filter.supplierId)}`);
    if (filter.status !== undefined) conditions.push(`r.status = $${values.push(filter.status)}`);
    if (filter.siteId !== undefined) conditions.push(`r.site_id = $${values.push(filter.siteId)}`);
    if (filter.beforeId !== undefined) conditions.push(`r.id < $${values.push(filter.beforeId)}::bigint`);
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    return this.db.query<StoredSupplierReturn[]>(
      `${SELECT_RETURN} ${where} ORDER BY r.id DESC LIMIT $${values.push(filter.limit)}`,
      values,
    );
  }

  async find(id: string): Promise<StoredSupplierReturn | undefined> {
    const rows = await this.db.query<StoredSupplierReturn[]>(`${SELECT_RETURN} WHERE r.id = $1::bigint`, [
      id,
    ]);
    return rows[0];
  }

  /** Closes an open case; false when it was not open (closed already, by someone else or before). */
  async close(
    id: string,
    outcome: Exclude<SupplierReturnStatus, 'open'>,
    closedBy: string,
    note: string | null,
    at: Date,
  ): Promise<boolean> {
    const rows = await this.db.query<{ id: string }[]>(
      `UPDATE supplier_return SET status = $2, closed_by = $3, note = $4, closed_at = $5
        WHERE id = $1::bigint AND status = 'open' RETURNING id`,
      [id, outcome, closedBy, note, at],
    );
    return rows.length > 0;
  }
}
