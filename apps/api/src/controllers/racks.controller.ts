import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRacksQueryDto } from '../dtos/list-racks.query.dto.js';
import { ApiManagerAccess, ApiProblems } from '../openapi/problem.schema.js';
import { pageSchema } from '../openapi/page.schema.js';
import type { Page } from '../pagination/keyset-page.js';
import { RackQueryService } from '../services/rack-query.service.js';
import { RackDetailView, RackSummaryView } from '../views/rack.view.js';

@ApiTags('racks')
@ApiManagerAccess()
@Controller('v1/racks')
export class RacksController {
  constructor(private readonly racks: RackQueryService) {}

  @Get()
  @ApiOperation({
    summary: 'Search racks: filters combined with AND, serial prefix, in serial order, cursor-paged',
  })
  @ApiOkResponse({ type: pageSchema(RackSummaryView, 'RackPage') })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  list(@Query() query: ListRacksQueryDto): Promise<Page<RackSummaryView>> {
    return this.racks.listRacks(query);
  }

  @Get(':serial')
  @ApiOperation({ summary: "A rack's state, its timeline (oldest first) and its latest 100 rejections" })
  @ApiOkResponse({ type: RackDetailView })
  @ApiProblems(HttpStatus.NOT_FOUND)
  get(@Param('serial') serial: string): Promise<RackDetailView> {
    return this.racks.getRack(serial);
  }
}
