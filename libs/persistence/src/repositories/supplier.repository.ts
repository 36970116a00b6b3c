import type { Queryable } from './queryable.js';

export interface SupplierRecord {
  supplierId: string;
  name: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  updatedAt: Date;
}

const SUPPLIER_COLUMNS = `supplier_id AS "supplierId", name, country, updated_at AS "updatedAt"`;

/** Suppliers as the admin keeps them; installs name a supplier id whether or not it is registered here. */
export class SupplierRepository {
  constructor(private readonly db: Queryable) {}

  async findAll(): Promise<SupplierRecord[]> {
    return this.db.query<SupplierRecord[]>(`SELECT ${SUPPLIER_COLUMNS} FROM supplier ORDER BY supplier_id`);
  }

  async findById(supplierId: string): Promise<SupplierRecord | null> {
    const rows = await this.db.query<SupplierRecord[]>(
      `SELECT ${SUPPLIER_COLUMNS} FROM supplier WHERE supplier_id = $1`,
      [supplierId],
    );
    return rows[0] ?? null;
  }

  /** Creates or replaces; `created` tells the two apart for the HTTP status. */
  async upsert(
    supplier: Omit<SupplierRecord, 'updatedAt'>,
  ): Promise<{ supplier: SupplierRecord; created: boolean }> {
    const rows = await this.db.query<(SupplierRecord & { created: boolean })[]>(
      `INSERT INTO supplier (supplier_id, name, country, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (supplier_id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country, updated_at = now()
       RETURNING ${SUPPLIER_COLUMNS}, (xmax = 0) AS created`,
      [supplier.supplierId, supplier.name, supplier.country],
    );
    const { created, ...stored } = rows[0]!;
    return { supplier: stored, created };
  }
}
