import { Injectable } from '@nestjs/common';
import type { BurnInCell } from '#domain';
import { UnitOfWork } from '#persistence';
import type { Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import { toBurnInCellView, type BurnInCellView } from './burn-in-cell.view.js';

/**
 * Registers a burn-in cell or changes its size and power. A cell cannot shrink below a position a rack holds:
 * that rack would soak in a position the site no longer has.
 */
@Injectable()
export class PutBurnInCellUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  execute(cell: BurnInCell, actor: Principal): Promise<BurnInCellView> {
    return this.uow.write(async (repositories) => {
      const subjectId = `${cell.siteId}/${cell.cellId}`;
      await repositories.audit.lockSubject('burn_in_cell', subjectId);
      // A start the tracker decided on the cell as it stands must be committed before we look for occupants.
      await repositories.burnInCells.lockCell(cell.siteId, cell.cellId);
      const held = await repositories.burnInCells.occupiedFrom(cell.siteId, cell.cellId, cell.positions);
      if (held.length > 0) {
        const named = held.map(({ position, rackSerial }) => `${position} (${rackSerial})`).join(', ');
        throw new ApiError(
          'burn_in_positions_occupied',
          `Cell ${cell.cellId} cannot shrink to ${cell.positions} positions: racks hold positions ${named}`,
          held.map(({ position, rackSerial }) => ({
            path: 'positions',
            reason: `position ${position} is held by rack ${rackSerial}`,
          })),
        );
      }
      const before = (await repositories.burnInCells.listForSite(cell.siteId)).find(
        (stored) => stored.cell.cellId === cell.cellId,
      );
      const after = toBurnInCellView(await repositories.burnInCells.upsert(cell));
      await recordChange(repositories, actor, {
        action: 'burn_in_cell.put',
        subjectType: 'burn_in_cell',
        subjectId,
        before: before === undefined ? null : toBurnInCellView(before),
        after,
      });
      return after;
    });
  }
}
