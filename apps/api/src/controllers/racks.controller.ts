import { Controller, Get, Param, Query } from '@nestjs/common';
import { ListRacksQueryDto } from '../dtos/list-racks.query.dto.js';
import type { Page } from '../pagination/keyset-page.js';
import { RackQueryService } from '../services/rack-query.service.js';
import type { RackDetailView, RackSummaryView } from '../views/rack.view.js';

@Controller('v1/racks')
export class RacksController {
  constructor(private readonly racks: RackQueryService) {}

  @Get()
  list(@Query() query: ListRacksQueryDto): Promise<Page<RackSummaryView>> {
    return this.racks.listRacks(query);
  }

  @Get(':serial')
  get(@Param('serial') serial: string): Promise<RackDetailView> {
    return this.racks.getRack(serial);
  }
}
