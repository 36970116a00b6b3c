import { Body, Controller, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { PutRouteUseCase } from './put-route.use-case.js';
import { PutRouteDto } from './put-route.dto.js';
import { RouteModelParamsDto } from './route-model-params.dto.js';
import { RouteQuery } from './route.query.js';
import { RouteList, RouteView } from './route.view.js';

@ApiTags('routes')
@Controller('v1/routes')
export class RoutesController {
  constructor(
    private readonly routes: RouteQuery,
    private readonly putRoute: PutRouteUseCase,
  ) {}

  @Get()
  @ApiManagerAccess()
  @ApiOperation({
    summary: 'Every stored route, plus the built-in default while no `default` route is stored',
  })
  @ApiAnswers(RouteList)
  async list(): Promise<RouteList> {
    return { items: await this.routes.list() };
  }

  @Get(':model')
  @ApiManagerAccess()
  @ApiOperation({
    summary: "A model's route (`default` falls back to the built-in default)",
    description:
      'A model without a stored route answers 404: the tracker refuses its racks as `unknown_model` rather than ' +
      'putting them on the default route, until the route is defined with PUT.',
  })
  @ApiAnswers(RouteView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(@Param() params: RouteModelParamsDto): Promise<RouteView> {
    return this.routes.get(params.model);
  }

  /** Creates or replaces a model's route. Racks already started keep the route they started with. */
  @Put(':model')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: "Create or replace a model's route (admin; audited)",
    description:
      'Takes effect for racks that start after the change; racks already on the line keep the route they started ' +
      'with. The change and its audit entry (who, before, after) are stored together.',
  })
  @ApiOkResponse({ type: RouteView, description: 'The stored route' })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  put(
    @Param() params: RouteModelParamsDto,
    @Body() body: PutRouteDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<RouteView> {
    return this.putRoute.execute(
      { model: params.model, stages: body.stages, requiredSlots: body.requiredSlots, dwell: body.dwell },
      actor,
    );
  }
}
