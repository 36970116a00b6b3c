import { Body, Controller, Get, HttpCode, HttpStatus, Param, Put, UseGuards } from '@nestjs/common';
import { PutRouteDto } from '../dtos/put-route.dto.js';
import { RouteModelParamsDto } from '../dtos/route-model.params.dto.js';
import { AdminTokenGuard } from '../guards/admin-token.guard.js';
import { RouteService } from '../services/route.service.js';
import type { RouteView } from '../views/route.view.js';

@Controller('v1/routes')
export class RoutesController {
  constructor(private readonly routes: RouteService) {}

  @Get()
  async list(): Promise<{ items: RouteView[] }> {
    return { items: await this.routes.listRoutes() };
  }

  @Get(':model')
  get(@Param() params: RouteModelParamsDto): Promise<RouteView> {
    return this.routes.getRoute(params.model);
  }

  /** Creates or replaces a model's route. Racks already started keep the route they started with. */
  @Put(':model')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AdminTokenGuard)
  put(@Param() params: RouteModelParamsDto, @Body() body: PutRouteDto): Promise<RouteView> {
    return this.routes.putRoute({
      model: params.model,
      stages: body.stages,
      requiredSlots: body.requiredSlots,
    });
  }
}
