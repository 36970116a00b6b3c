import { Injectable } from '@nestjs/common';
import { DEFAULT_RACK_MODEL, DEFAULT_ROUTE, describeMissingRoute, routeOfModel } from '#domain';
import { UnitOfWork } from '#persistence';
import { ApiError } from '../api.error.js';
import { toRouteView, type RouteView } from './route.view.js';

/** Routes per rack model, as the tracker resolves them. */
@Injectable()
export class RouteQuery {
  constructor(private readonly uow: UnitOfWork) {}

  /** Every stored route, plus the built-in default while no `default` route is stored (the tracker falls back to it). */
  async list(): Promise<RouteView[]> {
    const stored = await this.uow.pool.routes.findAll();
    const views = stored.map(({ route, updatedAt }) => toRouteView(route, updatedAt));
    if (!stored.some(({ route }) => route.model === DEFAULT_RACK_MODEL))
      views.push(toRouteView(DEFAULT_ROUTE, null));
    return views.sort((left, right) => (left.model < right.model ? -1 : left.model > right.model ? 1 : 0));
  }

  /**
   * The route racks of `model` start on, resolved as the tracker resolves it: a model without one is not put on
   * the default route; its racks are refused (unknown_model), and the 404 says so in the tracker's words.
   */
  async get(model: string): Promise<RouteView> {
    const stored = await this.uow.pool.routes.findByModel(model);
    if (stored) return toRouteView(stored.route, stored.updatedAt);
    const builtIn = routeOfModel(model, undefined);
    if (builtIn) return toRouteView(builtIn, null);
    throw new ApiError(
      'route_not_found',
      `${describeMissingRoute(model)}; until then its racks are refused as unknown_model`,
    );
  }
}
