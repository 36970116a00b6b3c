import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { Clock, type Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import type { CloseSupplierReturnDto } from './supplier-return.dto.js';
import { toSupplierReturnView, type SupplierReturnView } from './supplier-return.view.js';

/** Closes a return with the supplier's finding, once; the audit log keeps who and when. */
@Injectable()
export class CloseSupplierReturnUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(id: string, body: CloseSupplierReturnDto, actor: Principal): Promise<SupplierReturnView> {
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('supplier_return', id);
      const before = await repositories.supplierReturns.find(id);
      if (before === undefined) throw new ApiError('supplier_return_not_found', `No supplier return ${id}`);
      if (before.status !== 'open') {
        throw new ApiError(
          'supplier_return_closed',
          `Supplier return ${id} was closed as ${before.status} by ${before.closedBy ?? 'someone'} at ${before.closedAt?.toISOString()}`,
        );
      }
      await repositories.supplierReturns.close(
        id,
        body.outcome,
        actor.name,
        body.note ?? null,
        this.clock.now(),
      );
      const after = toSupplierReturnView((await repositories.supplierReturns.find(id))!);
      await recordChange(repositories, actor, {
        action: 'supplier_return.close',
        subjectType: 'supplier_return',
        subjectId: id,
        before: toSupplierReturnView(before),
        after,
      });
      return after;
    });
  }
}
