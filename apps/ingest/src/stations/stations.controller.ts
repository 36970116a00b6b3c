import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { AdminTokenGuard } from '../auth/admin-token.guard.js';
import { JsonBodyGuard } from '../common/json-body.guard.js';
import { ListStationsUseCase } from './list-stations.use-case.js';
import { RegisterStationDto } from './register-station.dto.js';
import { RegisterStationUseCase, type RegisteredStation } from './register-station.use-case.js';
import { RevokeStationUseCase } from './revoke-station.use-case.js';
import type { StationView } from './station.view.js';

/** Station administration, behind the ADMIN_TOKEN. */
@Controller('v1/stations')
@UseGuards(AdminTokenGuard)
export class StationsController {
  constructor(
    @Inject(RegisterStationUseCase) private readonly registerStation: RegisterStationUseCase,
    @Inject(ListStationsUseCase) private readonly listStations: ListStationsUseCase,
    @Inject(RevokeStationUseCase) private readonly revokeStation: RevokeStationUseCase,
  ) {}

  @Post()
  @UseGuards(JsonBodyGuard)
  @HttpCode(HttpStatus.CREATED)
  register(@Body() body: RegisterStationDto): Promise<RegisteredStation> {
    return this.registerStation.execute(body);
  }

  @Get()
  async list(): Promise<{ stations: StationView[] }> {
    return { stations: await this.listStations.execute() };
  }

  @Delete(':stationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(@Param('stationId') stationId: string): Promise<void> {
    return this.revokeStation.execute(stationId);
  }
}
