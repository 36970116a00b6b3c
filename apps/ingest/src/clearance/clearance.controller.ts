import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { StationStamp } from '#contracts';
import { AuthenticatedStation } from '../auth/authenticated-station.decorator.js';
import { StationAuthGuard } from '../auth/station-auth.guard.js';
import { ClearanceQueryDto } from './clearance.dto.js';
import { ClearanceQuery } from './clearance.query.js';
import { ClearanceView } from './clearance.view.js';

/** Station terminals ask here before they start work; the tracker still decides on the event itself. */
@ApiTags('interlock')
@ApiBearerAuth()
@Controller('v1/clearance')
@UseGuards(StationAuthGuard)
export class ClearanceController {
  constructor(@Inject(ClearanceQuery) private readonly clearance: ClearanceQuery) {}

  @Get()
  @ApiOperation({
    summary: 'May this station post this event for this rack now?',
    description:
      "Answers what the tracker's state machine would decide on the event, from the rack as last applied " +
      '(route, dwell, burn-in position, hold, scrap), and how old that state is. Advice only: events posted ' +
      'but not yet applied are not in it, and the decision on the event itself stays the truth.',
  })
  @ApiOkResponse({ type: ClearanceView })
  @ApiBadRequestResponse({ description: 'A query parameter is wrong; `errors` names each one' })
  @ApiUnauthorizedResponse({ description: 'No valid station token' })
  get(
    @AuthenticatedStation() station: StationStamp,
    @Query() query: ClearanceQueryDto,
  ): Promise<ClearanceView> {
    return this.clearance.get(station, query);
  }
}
