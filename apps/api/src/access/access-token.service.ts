import { Injectable } from '@nestjs/common';
import { AccessTokenRepository } from '#persistence';
import { AccessAuthenticator, issueAccessToken, type AccessRole, type Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { auditEntry, ConfigurationTransaction } from '../services/configuration-transaction.service.js';
import { toAccessTokenView, type AccessTokenView, type IssuedAccessTokenView } from './access-token.view.js';

/**
 * Managers' (and further admins') tokens, issued by an admin. ADMIN_TOKEN stays the bootstrap: it needs no row,
 * so a fresh installation can issue the first tokens with it and then keep it locked away.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly changes: ConfigurationTransaction,
    private readonly authenticator: AccessAuthenticator,
  ) {}

  async issue(command: { name: string; role: AccessRole }, actor: Principal): Promise<IssuedAccessTokenView> {
    const { token, tokenHash } = issueAccessToken();
    const view = await this.changes.run(async ({ tokens, audit }) => {
      const stored = toAccessTokenView(
        await tokens.insert({ name: command.name, role: command.role, tokenHash, createdBy: actor.id }),
      );
      await audit.append(
        auditEntry(actor, {
          action: 'token.issue',
          subjectType: 'token',
          subjectId: stored.id,
          before: null,
          after: stored,
        }),
      );
      return stored;
    });
    return { ...view, token };
  }

  async list(): Promise<AccessTokenView[]> {
    return (await this.tokens.list()).map(toAccessTokenView);
  }

  /** Revoking twice is not an error; the first revocation time is kept and only the first is audited. */
  async revoke(id: string, actor: Principal): Promise<AccessTokenView> {
    const revoked = await this.changes.run(async ({ tokens, audit }) => {
      await audit.lockSubject('token', id);
      const before = await tokens.findById(id);
      if (before === null) throw new ApiError('token_not_found', `No token ${id}`);
      const after = await tokens.revoke(id);
      const view = toAccessTokenView(after ?? before);
      if (before.revokedAt === null) {
        await audit.append(
          auditEntry(actor, {
            action: 'token.revoke',
            subjectType: 'token',
            subjectId: id,
            before: toAccessTokenView(before),
            after: view,
          }),
        );
      }
      return view;
    });
    // Takes effect on this instance at once; other api instances stop accepting it within the cache TTL.
    this.authenticator.forget(`token:${id}`);
    return revoked;
  }
}
