import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { ApiError } from '../api.error.js';
import { toSupplierView, type SupplierView } from './supplier.view.js';

/** Suppliers named by installs, with the country the sourcing share is counted by. */
@Injectable()
export class SupplierQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async list(): Promise<SupplierView[]> {
    return (await this.uow.pool.suppliers.findAll()).map(toSupplierView);
  }

  async get(id: string): Promise<SupplierView> {
    const supplier = await this.uow.pool.suppliers.findById(id);
    if (supplier === null) throw new ApiError('supplier_not_found', `No supplier ${id}`);
    return toSupplierView(supplier);
  }
}
