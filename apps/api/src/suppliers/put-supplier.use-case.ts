import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import type { Principal } from '#platform';
import { recordChange } from '../common/audit-entry.js';
import { toSupplierView, type SupplierView } from './supplier.view.js';

export interface SupplierInput {
  id: string;
  name: string;
  country: string;
}

/** Creates or replaces a supplier (name, country): the country feeds the sourcing share. */
@Injectable()
export class PutSupplierUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  /** Stores the supplier and its audit entry (before and after) together. */
  execute(input: SupplierInput, actor: Principal): Promise<SupplierView> {
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('supplier', input.id);
      const before = await repositories.suppliers.findById(input.id);
      const { supplier } = await repositories.suppliers.upsert({
        supplierId: input.id,
        name: input.name,
        country: input.country.toUpperCase(),
      });
      const after = toSupplierView(supplier);
      await recordChange(repositories, actor, {
        action: 'supplier.put',
        subjectType: 'supplier',
        subjectId: input.id,
        before: before === null ? null : toSupplierView(before),
        after,
      });
      return after;
    });
  }
}
