import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { RackComponentsQueryDto, SerialParamsDto, TraceQueryDto } from './genealogy.dto.js';
import { GenealogyQuery } from './genealogy.query.js';
import { ComponentView, RackComponentsView, TracePageView } from './genealogy.view.js';
import { TraceQuery } from './trace.query.js';

@ApiTags('genealogy')
@ApiManagerAccess()
@Controller('v1')
export class GenealogyController {
  constructor(
    private readonly genealogy: GenealogyQuery,
    private readonly traces: TraceQuery,
  ) {}

  @Get('racks/:serial/components')
  @ApiOperation({
    summary:
      "A rack's as-built component tree, now or `?at=` a past time, with every install and removal and its event",
  })
  @ApiAnswers(RackComponentsView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  rackComponents(
    @Param() params: SerialParamsDto,
    @Query() query: RackComponentsQueryDto,
  ): Promise<RackComponentsView> {
    return this.genealogy.rackComponents(params.serial, query.at === undefined ? null : new Date(query.at));
  }

  @Get('components/:serial')
  @ApiOperation({
    summary: 'Where a component was used (every rack, oldest first) and the failed tests that named it',
  })
  @ApiAnswers(ComponentView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  component(@Param() params: SerialParamsDto): Promise<ComponentView> {
    return this.genealogy.component(params.serial);
  }

  @Get('trace')
  @ApiOperation({
    summary:
      'Every rack that holds or held matching parts, with its state (shipped or not), in serial order, cursor-paged',
  })
  @ApiAnswers(TracePageView, HttpStatus.BAD_REQUEST)
  trace(@Query() query: TraceQueryDto): Promise<TracePageView> {
    return this.traces.trace(query);
  }
}
