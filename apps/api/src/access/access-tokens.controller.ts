import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiProblems } from '../openapi/problem.schema.js';
import { AccessTokenService } from './access-token.service.js';
import { AccessTokenList, AccessTokenView, IssuedAccessTokenView } from './access-token.view.js';
import { AccessTokenParamsDto, IssueAccessTokenDto } from './issue-access-token.dto.js';

/** People's tokens: only an admin issues, lists and revokes them. */
@ApiTags('access')
@ApiAdminAccess()
@RequireRole('admin')
@Controller('v1/tokens')
export class AccessTokensController {
  constructor(private readonly tokens: AccessTokenService) {}

  @Post()
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
    return this.tokens.issue({ name: body.name, role: body.role }, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Every issued token, newest first, revoked ones included (admin)' })
  @ApiOkResponse({ type: AccessTokenList })
  async list(): Promise<AccessTokenList> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token (admin; audited); revoking twice is not an error' })
  @ApiOkResponse({ type: AccessTokenView, description: 'The token as revoked' })
  @ApiProblems(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  revoke(
    @Param() params: AccessTokenParamsDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<AccessTokenView> {
    return this.tokens.revoke(params.id, actor);
  }
}
