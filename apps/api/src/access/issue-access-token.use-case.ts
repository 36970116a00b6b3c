import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { issueAccessToken, type AccessRole, type Principal } from '#platform';
import { recordChange } from '../common/audit-entry.js';
import { toAccessTokenView, type IssuedAccessTokenView } from './access-token.view.js';

/**
 * Issues a manager's (or a further admin's) token. ADMIN_TOKEN stays the bootstrap: it needs no row, so a fresh
 * installation can issue the first tokens with it and then keep it locked away.
 */
@Injectable()
export class IssueAccessTokenUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  /** The answer carries the token this once; only its hash is stored, with its audit entry. */
  async execute(
    command: { name: string; role: AccessRole },
    actor: Principal,
  ): Promise<IssuedAccessTokenView> {
    const { token, tokenHash } = issueAccessToken();
    const view = await this.uow.write(async (repositories) => {
      const stored = toAccessTokenView(
        await repositories.accessTokens.insert({
          name: command.name,
          role: command.role,
          tokenHash,
          createdBy: actor.id,
        }),
      );
      await recordChange(repositories, actor, {
        action: 'token.issue',
        subjectType: 'token',
        subjectId: stored.id,
        before: null,
        after: stored,
      });
      return stored;
    });
    return { ...view, token };
  }
}
