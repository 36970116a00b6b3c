import { Injectable } from '@nestjs/common';
import { SiteThroughputReader, UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { ApiError } from '../api.error.js';
import { toBurnInBoardView, type BurnInBoardView } from './burn-in-board.view.js';
import { toBurnInCellView, type BurnInCellView } from './burn-in-cell.view.js';

/** A site's burn-in: its cells, and the board of positions, queue and capacity built on them. */
@Injectable()
export class BurnInQuery {
  private readonly reader = new SiteThroughputReader();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The board from one snapshot of the database, with the week's forecast computed the way /progress does. */
  async board(siteId: string): Promise<BurnInBoardView> {
    const now = this.clock.now();
    return this.uow.read(async (repositories) => {
      const throughput = await this.reader.read(repositories, siteId, now);
      const { burnIn } = throughput;
      const known =
        throughput.settings.target !== null ||
        (burnIn !== null && burnIn.cells.length > 0) ||
        (await repositories.lineStatus.hasRacks(siteId));
      if (burnIn === null || !known) {
        throw new ApiError(
          'site_not_found',
          `No site ${siteId}: it has no target, no burn-in cells and no racks`,
        );
      }
      return toBurnInBoardView(siteId, burnIn, throughput.forecast);
    });
  }

  async cells(siteId: string): Promise<BurnInCellView[]> {
    return (await this.uow.pool.burnInCells.listForSite(siteId)).map(toBurnInCellView);
  }
}
