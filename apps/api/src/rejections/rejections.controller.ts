import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import type { Page } from '../common/pagination/keyset-page.js';
import { pageSchema } from '../common/pagination/page.view.js';
import { ListRejectionsDto } from './list-rejections.dto.js';
import { RejectionQuery } from './rejection.query.js';
import { RejectionView } from './rejection.view.js';

@ApiTags('rejections')
@ApiManagerAccess()
@Controller('v1/rejections')
export class RejectionsController {
  constructor(private readonly rejections: RejectionQuery) {}

  @Get()
  @ApiOperation({ summary: 'Refused events, newest first' })
  @ApiAnswers(pageSchema(RejectionView, 'RejectionPage'), HttpStatus.BAD_REQUEST)
  list(@Query() query: ListRejectionsDto): Promise<Page<RejectionView>> {
    return this.rejections.list(query);
  }
}
