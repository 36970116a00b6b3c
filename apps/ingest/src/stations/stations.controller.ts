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
import { AccessGuard, CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { JsonBodyGuard } from '../common/json-body.guard.js';
import { StationsQuery } from './stations.query.js';
import { RegisterStationDto } from './register-station.dto.js';
import { RegisterStationUseCase, type RegisteredStation } from './register-station.use-case.js';
import { RevokeStationUseCase } from './revoke-station.use-case.js';
import type { StationView } from './station.view.js';

/** Station administration: admins only (ADMIN_TOKEN, or an admin token issued through the api); audited. */
@Controller('v1/stations')
@UseGuards(AccessGuard)
@RequireRole('admin')
export class StationsController {
  constructor(
    @Inject(RegisterStationUseCase) private readonly registerStation: RegisterStationUseCase,
    @Inject(StationsQuery) private readonly stations: StationsQuery,
    @Inject(RevokeStationUseCase) private readonly revokeStation: RevokeStationUseCase,
  ) {}

  @Post()
  @UseGuards(JsonBodyGuard)
  @HttpCode(HttpStatus.CREATED)
  register(
    @Body() body: RegisterStationDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<RegisteredStation> {
    return this.registerStation.execute(body, actor);
  }

  @Get()
  async list(): Promise<{ stations: StationView[] }> {
    return { stations: await this.stations.list() };
  }

  @Delete(':stationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(@Param('stationId') stationId: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    return this.revokeStation.execute(stationId, actor);
  }
}
