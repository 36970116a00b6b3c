import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiManagerAccess } from '../common/api-access.decorator.js';
import { QualityFailuresQuery } from './quality-failures.query.js';
import { QualityFailuresQueryDto, SourcingQueryDto } from './quality.dto.js';
import { QualityFailuresView, SourcingView } from './quality.view.js';
import { SourcingQuery } from './sourcing.query.js';

@ApiTags('quality')
@ApiManagerAccess()
@Controller('v1')
export class QualityController {
  constructor(
    private readonly failuresQuery: QualityFailuresQuery,
    private readonly sourcing: SourcingQuery,
  ) {}

  @Get('quality/failures')
  @ApiOperation({
    summary:
      'Failure Pareto by part number, supplier, lot or measurement; first-pass yield per stage and model; retests',
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
