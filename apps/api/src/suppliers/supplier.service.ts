import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository, SupplierRepository } from '#persistence';
import type { Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { auditEntry } from '../services/configuration-transaction.service.js';
import { toSupplierView, type SupplierView } from './supplier.view.js';

export interface SupplierInput {
  id: string;
  name: string;
  country: string;
}

/** Suppliers named by installs, with the country the sourcing share is counted by. */
@Injectable()
export class SupplierService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly suppliers: SupplierRepository,
  ) {}

  async list(): Promise<SupplierView[]> {
    return (await this.suppliers.findAll()).map(toSupplierView);
  }

  async get(id: string): Promise<SupplierView> {
    const supplier = await this.suppliers.findById(id);
    if (supplier === null) throw new ApiError('supplier_not_found', `No supplier ${id}`);
    return toSupplierView(supplier);
  }

  /** Creates or replaces the supplier and appends its audit entry in the same transaction. */
  async put(input: SupplierInput, actor: Principal): Promise<SupplierView> {
    return this.dataSource.transaction(async (manager) => {
      const suppliers = new SupplierRepository(manager);
      const audit = new AuditRepository(manager);
      await audit.lockSubject('supplier', input.id);
      const before = await suppliers.findById(input.id);
      const { supplier } = await suppliers.upsert({
        supplierId: input.id,
        name: input.name,
        country: input.country.toUpperCase(),
      });
      const after = toSupplierView(supplier);
      await audit.append(
        auditEntry(actor, {
          action: 'supplier.put',
          subjectType: 'supplier',
          subjectId: input.id,
          before: before === null ? null : toSupplierView(before),
          after,
        }),
      );
      return after;
    });
  }
}
