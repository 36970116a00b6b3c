import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { QualityFailuresQuery, SupplierQualityQuery } from './quality-failures.query.js';
import { QualityFailuresQueryDto, SourcingQueryDto, SupplierQualityQueryDto } from './quality.dto.js';
import { QualityFailuresView, SourcingView, SupplierQualityList } from './quality.view.js';
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
      'Failure Pareto by part number, supplier, lot, failure code or measurement; first-pass yield per stage and model; retests',
  })
  @ApiAnswers(QualityFailuresView, HttpStatus.BAD_REQUEST)
  failures(@Query() query: QualityFailuresQueryDto): Promise<QualityFailuresView> {
    return this.failuresQuery.get(query);
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
