import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import type { Page } from '../common/pagination/keyset-page.js';
import { pageSchema } from '../common/pagination/page.view.js';
import { ListRacksDto } from './list-racks.dto.js';
import { RackQuery } from './rack.query.js';
import { RackDetailView, RackSummaryView } from './rack.view.js';

@ApiTags('racks')
@ApiManagerAccess()
@Controller('v1/racks')
export class RacksController {
  constructor(private readonly racks: RackQuery) {}

  @Get()
  @ApiOperation({
    summary:
      'Search racks: filters combined with AND, serial prefix or any part of the serial (`q`, case-insensitive), ' +
      'in serial order, cursor-paged',
  })
  @ApiAnswers(pageSchema(RackSummaryView, 'RackPage'), HttpStatus.BAD_REQUEST)
  list(@Query() query: ListRacksDto): Promise<Page<RackSummaryView>> {
    return this.racks.list(query);
  }

  @Get(':serial')
  @ApiOperation({
    summary:
      "A rack's page: state, site time zone, timeline (oldest first) and time in each state, as-built tree, " +
      'failures with codes and measurements, measurements against limits, burn-in runs, dispositions, latest ' +
      '100 rejections, and whether its passport can be downloaded',
  })
  @ApiAnswers(RackDetailView, HttpStatus.NOT_FOUND)
  get(@Param('serial') serial: string): Promise<RackDetailView> {
    return this.racks.get(serial);
  }
}
