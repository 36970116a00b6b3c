import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiProblems } from '../common/api-access.decorator.js';
import type { Page } from '../common/pagination/keyset-page.js';
import { pageSchema } from '../common/pagination/page.view.js';
import { AccessTokenQuery } from './access-token.query.js';
import { AccessTokenList, AccessTokenView, IssuedAccessTokenView } from './access-token.view.js';
import { AuditEntryView } from './audit-entry.view.js';
import { AuditQuery } from './audit.query.js';
import { AccessTokenParamsDto, IssueAccessTokenDto } from './issue-access-token.dto.js';
import { IssueAccessTokenUseCase } from './issue-access-token.use-case.js';
import { ListAuditDto } from './list-audit.dto.js';
import { RevokeAccessTokenUseCase } from './revoke-access-token.use-case.js';

/** People's tokens and the configuration audit log: admins only. */
@ApiTags('access')
@ApiAdminAccess()
@RequireRole('admin')
@Controller('v1')
export class AccessController {
  constructor(
    private readonly tokens: AccessTokenQuery,
    private readonly issueToken: IssueAccessTokenUseCase,
    private readonly revokeToken: RevokeAccessTokenUseCase,
    private readonly audit: AuditQuery,
  ) {}

  @Post('tokens')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Issue a manager or admin token (admin; audited)',
    description: 'The answer carries the token once; only its SHA-256 is stored.',
  })
  @ApiCreatedResponse({ type: IssuedAccessTokenView })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  issue(
    @Body() body: IssueAccessTokenDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IssuedAccessTokenView> {
    return this.issueToken.execute({ name: body.name, role: body.role }, actor);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Every issued token, newest first, revoked ones included (admin)' })
  @ApiAnswers(AccessTokenList)
  async list(): Promise<AccessTokenList> {
    return { items: await this.tokens.list() };
  }

  @Delete('tokens/:id')
  @ApiOperation({ summary: 'Revoke a token (admin; audited); revoking twice is not an error' })
  @ApiOkResponse({ type: AccessTokenView, description: 'The token as revoked' })
  @ApiProblems(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  revoke(
    @Param() params: AccessTokenParamsDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<AccessTokenView> {
    return this.revokeToken.execute(params.id, actor);
  }

  @Get('audit')
  @ApiOperation({ summary: 'Configuration changes: who, what, when, before and after (admin)' })
  @ApiAnswers(pageSchema(AuditEntryView, 'AuditPage'), HttpStatus.BAD_REQUEST)
  listAudit(@Query() query: ListAuditDto): Promise<Page<AuditEntryView>> {
    return this.audit.list(query);
  }
}
