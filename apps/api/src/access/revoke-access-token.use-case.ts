import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { AccessAuthenticator, type Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import { toAccessTokenView, type AccessTokenView } from './access-token.view.js';

/** Revokes an issued token. Revoking twice is not an error; the first revocation time is kept and only it is audited. */
@Injectable()
export class RevokeAccessTokenUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly authenticator: AccessAuthenticator,
  ) {}

  async execute(id: string, actor: Principal): Promise<AccessTokenView> {
    const revoked = await this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('token', id);
      const before = await repositories.accessTokens.findById(id);
      if (before === null) throw new ApiError('token_not_found', `No token ${id}`);
      const after = await repositories.accessTokens.revoke(id);
      const view = toAccessTokenView(after ?? before);
      if (before.revokedAt === null) {
        await recordChange(repositories, actor, {
          action: 'token.revoke',
          subjectType: 'token',
          subjectId: id,
          before: toAccessTokenView(before),
          after: view,
        });
      }
      return view;
    });
    // Takes effect on this instance at once; other api instances stop accepting it within the cache TTL.
    this.authenticator.forget(`token:${id}`);
    return revoked;
  }
}
