import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRejectionsQueryDto } from '../dtos/list-rejections.query.dto.js';
import { ApiManagerAccess, ApiProblems } from '../openapi/problem.schema.js';
import { pageSchema } from '../openapi/page.schema.js';
import type { Page } from '../pagination/keyset-page.js';
import { RejectionQueryService } from '../services/rejection-query.service.js';
import { RejectionView } from '../views/rejection.view.js';

@ApiTags('rejections')
@ApiManagerAccess()
@Controller('v1/rejections')
export class RejectionsController {
  constructor(private readonly rejections: RejectionQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Refused events, newest first' })
  @ApiOkResponse({ type: pageSchema(RejectionView, 'RejectionPage') })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  list(@Query() query: ListRejectionsQueryDto): Promise<Page<RejectionView>> {
    return this.rejections.listRejections(query);
  }
}
