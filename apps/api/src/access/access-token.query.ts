import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { toAccessTokenView, type AccessTokenView } from './access-token.view.js';

/** Issued tokens as an admin lists them: never the token or its hash. */
@Injectable()
export class AccessTokenQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async list(): Promise<AccessTokenView[]> {
    return (await this.uow.pool.accessTokens.list()).map(toAccessTokenView);
  }
}
