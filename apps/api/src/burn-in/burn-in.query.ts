import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { toBurnInCellView, type BurnInCellView } from './burn-in-cell.view.js';

/** A site's burn-in: its cells, and the board of positions, queue and capacity built on them. */
@Injectable()
export class BurnInQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async cells(siteId: string): Promise<BurnInCellView[]> {
    return (await this.uow.pool.burnInCells.listForSite(siteId)).map(toBurnInCellView);
  }
}
