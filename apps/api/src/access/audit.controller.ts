import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#platform';
import { ApiAdminAccess, ApiProblems } from '../openapi/problem.schema.js';
import { pageSchema } from '../openapi/page.schema.js';
import type { Page } from '../pagination/keyset-page.js';
import { AuditEntryView } from './audit-entry.view.js';
import { AuditQueryService } from './audit-query.service.js';
import { ListAuditQueryDto } from './list-audit.query.dto.js';

/** The configuration audit log of every service (api, ingest, alerts), newest first. */
@ApiTags('access')
@ApiAdminAccess()
@RequireRole('admin')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Configuration changes: who, what, when, before and after (admin)' })
  @ApiOkResponse({ type: pageSchema(AuditEntryView, 'AuditPage') })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  list(@Query() query: ListAuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.audit.list(query);
  }
}
