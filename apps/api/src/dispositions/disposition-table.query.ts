import { Injectable } from '@nestjs/common';
import { DEFAULT_DISPOSITION_TABLE } from '#domain';
import { UnitOfWork } from '#persistence';
import { ApiError } from '../api.error.js';
import {
  toDispositionTableView,
  toShippedTableView,
  type DispositionTableVersionList,
  type DispositionTableView,
} from './disposition-table.view.js';

/** The disposition table: the version in force now, any earlier one, and the list of versions. */
@Injectable()
export class DispositionTableQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async current(): Promise<DispositionTableView> {
    const latest = await this.uow.pool.dispositionTables.latestVersion();
    return this.version(latest);
  }

  async version(version: number): Promise<DispositionTableView> {
    if (version === 0) return toShippedTableView(DEFAULT_DISPOSITION_TABLE);
    const stored = await this.uow.pool.dispositionTables.findVersion(version);
    if (stored === undefined)
      throw new ApiError('disposition_table_not_found', `No disposition table version ${version}`);
    return toDispositionTableView(stored);
  }

  async versions(): Promise<DispositionTableVersionList> {
    const stored = await this.uow.pool.dispositionTables.findAll();
    return {
      items: [...stored.reverse().map(toDispositionTableView), toShippedTableView(DEFAULT_DISPOSITION_TABLE)],
    };
  }
}
