import { Controller, Get, Query } from '@nestjs/common';
import { ListRejectionsQueryDto } from '../dtos/list-rejections.query.dto.js';
import type { Page } from '../pagination/keyset-page.js';
import { RejectionQueryService } from '../services/rejection-query.service.js';
import type { RejectionView } from '../views/rejection.view.js';

@Controller('v1/rejections')
export class RejectionsController {
  constructor(private readonly rejections: RejectionQueryService) {}

  @Get()
  list(@Query() query: ListRejectionsQueryDto): Promise<Page<RejectionView>> {
    return this.rejections.listRejections(query);
  }
}
