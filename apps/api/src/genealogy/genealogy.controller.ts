import { Controller, Get, Headers, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { ApiJsonOrCsv, sendCsv, wantsCsv } from '../common/csv.js';
import { RackComponentsQueryDto, SerialParamsDto, TraceQueryDto } from './genealogy.dto.js';
import { GenealogyQuery } from './genealogy.query.js';
import { ComponentView, RackComponentsView, TRACE_CSV_COLUMNS, TracePageView } from './genealogy.view.js';
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
      'Every rack that holds or held matching parts (lot and supplier whatever their case), with its state, in ' +
      'serial order, cursor-paged; every matching part as CSV with Accept: text/csv',
  })
  @ApiJsonOrCsv(
    TracePageView,
    {
      description:
        'one row per matching part with its rack, in rack serial order; `summary`, `limit` do not apply',
      example:
        `${TRACE_CSV_COLUMNS.join(',')}\n` +
        'RK-2026-000123,site-1,line-1,gb200-nvl72,burn_in,in_progress,false,,GPU-5512,GPU-B200,gpu,sup-tw-02,W47-A,CT-88123,true,2026-11-24T09:00:00.000Z,\n',
    },
    HttpStatus.BAD_REQUEST,
  )
  async trace(
    @Query() query: TraceQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TracePageView | undefined> {
    if (!wantsCsv(accept)) return this.traces.trace(query);
    await sendCsv(response, 'trace.csv', this.traces.csv(query));
    return undefined;
  }
}
