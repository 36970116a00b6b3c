import { Injectable } from '@nestjs/common';
import { DEFAULT_DISPOSITION_TABLE, validateDispositionRules, type DispositionRule } from '#domain';
import { UnitOfWork } from '#persistence';
import type { Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import {
  toDispositionTableView,
  toShippedTableView,
  type DispositionTableView,
} from './disposition-table.view.js';

/**
 * Saves a new version of the disposition table. Versions are never edited: the tracker applies the version in
 * force when ingest received each event, so a replay of the log decides exactly as the live line did.
 */
@Injectable()
export class PutDispositionTableUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(
    rules: readonly DispositionRule[],
    note: string | null,
    actor: Principal,
  ): Promise<DispositionTableView> {
    const problems = validateDispositionRules(rules);
    if (problems.length > 0) {
      throw new ApiError(
        'invalid_disposition_table',
        'Invalid disposition table',
        problems.map((problem) => ({ path: problem.slice(0, problem.indexOf(' ')), reason: problem })),
      );
    }
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('disposition_table', 'table');
      const latest = await repositories.dispositionTables.latestVersion();
      const before =
        latest === 0
          ? toShippedTableView(DEFAULT_DISPOSITION_TABLE)
          : toDispositionTableView((await repositories.dispositionTables.findVersion(latest))!);
      const saved = toDispositionTableView(
        await repositories.dispositionTables.saveNext(rules, actor.name, note),
      );
      await recordChange(repositories, actor, {
        action: 'disposition_table.put',
        subjectType: 'disposition_table',
        subjectId: String(saved.version),
        before,
        after: saved,
      });
      return saved;
    });
  }
}
