import { Controller, Get, Headers, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { ApiJsonOrCsv, sendCsv, wantsCsv } from '../common/csv.js';
import { QualityFailuresQuery, SupplierQualityQuery } from './quality-failures.query.js';
import { QualityFailuresQueryDto, SourcingQueryDto, SupplierQualityQueryDto } from './quality.dto.js';
import {
  PARETO_CSV_COLUMNS,
  QualityFailuresView,
  SourcingView,
  SupplierQualityList,
} from './quality.view.js';
import { SourcingQuery } from './sourcing.query.js';

@ApiTags('quality')
@ApiManagerAccess()
@Controller('v1')
export class QualityController {
  constructor(
    private readonly failuresQuery: QualityFailuresQuery,
    private readonly sourcing: SourcingQuery,
    private readonly suppliers: SupplierQualityQuery,
  ) {}

  @Get('quality/suppliers')
  @ApiOperation({
    summary:
      'Per supplier: parts installed, failures per 1,000 installed, returns confirmed vs no fault found, top codes',
  })
  @ApiAnswers(SupplierQualityList, HttpStatus.BAD_REQUEST)
  supplierQuality(@Query() query: SupplierQualityQueryDto): Promise<SupplierQualityList> {
    return this.suppliers.get(query);
  }

  @Get('quality/failures')
  @ApiOperation({
    summary:
      'Failure Pareto by part number, supplier, lot, failure code or measurement; first-pass yield per stage and ' +
      'model; retests. The Pareto table as CSV with Accept: text/csv',
  })
  @ApiJsonOrCsv(
    QualityFailuresView,
    {
      description:
        'the Pareto table, every group largest first (`limit` does not apply), shares as fractions',
      example: `${PARETO_CSV_COLUMNS.join(',')}\n` + '1,GPU-B200,gpu,,,42,40,0.42,0.42\n',
    },
    HttpStatus.BAD_REQUEST,
  )
  async failures(
    @Query() query: QualityFailuresQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<QualityFailuresView | undefined> {
    if (!wantsCsv(accept)) return this.failuresQuery.get(query);
    const { filename, lines } = this.failuresQuery.csv(query);
    await sendCsv(response, filename, lines);
    return undefined;
  }

  @Get('sourcing')
  @ApiOperation({
    summary:
      'Share of parts installed in a week (still in place at its end) by supplier country: overall, per kind, per rack',
  })
  @ApiAnswers(SourcingView, HttpStatus.BAD_REQUEST)
  sourcingWeek(@Query() query: SourcingQueryDto): Promise<SourcingView> {
    return this.sourcing.week(query);
  }
}
