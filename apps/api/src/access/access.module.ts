import { Module } from '@nestjs/common';
import { AccessController } from './access.controller.js';
import { AccessTokenQuery } from './access-token.query.js';
import { AuditQuery } from './audit.query.js';
import { IssueAccessTokenUseCase } from './issue-access-token.use-case.js';
import { RevokeAccessTokenUseCase } from './revoke-access-token.use-case.js';

/** `/v1/tokens` and `/v1/audit`: admins issue and revoke people's tokens and read every configuration change. */
@Module({
  controllers: [AccessController],
  providers: [AccessTokenQuery, IssueAccessTokenUseCase, RevokeAccessTokenUseCase, AuditQuery],
})
export class AccessModule {}
