import { Injectable } from '@nestjs/common';
import {
  DEFAULT_RACK_MODEL,
  DEFAULT_ROUTE,
  defineRoute,
  describeMissingRoute,
  routeOfModel,
  validateRoute,
  type RackRouteInput,
} from '#domain';
import { RackRouteRepository } from '#persistence';
import type { Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { toRouteView, type RouteView } from '../views/route.view.js';
import { auditEntry, ConfigurationTransaction } from './configuration-transaction.service.js';

/** Routes per rack model. Racks snapshot their route when they start, so a change only reaches racks started after it. */
@Injectable()
export class RouteService {
  constructor(
    private readonly routes: RackRouteRepository,
    private readonly changes: ConfigurationTransaction,
  ) {}

  /** Every stored route, plus the built-in default while no `default` route is stored (the tracker falls back to it). */
  async listRoutes(): Promise<RouteView[]> {
    const stored = await this.routes.findAll();
    const views = stored.map(({ route, updatedAt }) => toRouteView(route, updatedAt));
    if (!stored.some(({ route }) => route.model === DEFAULT_RACK_MODEL))
      views.push(toRouteView(DEFAULT_ROUTE, null));
    return views.sort((left, right) => (left.model < right.model ? -1 : left.model > right.model ? 1 : 0));
  }

  /**
   * The route racks of `model` start on, resolved as the tracker resolves it: a model without one is not put on
   * the default route; its racks are refused (unknown_model), and the 404 says so in the tracker's words.
   */
  async getRoute(model: string): Promise<RouteView> {
    const stored = await this.routes.findByModel(model);
    if (stored) return toRouteView(stored.route, stored.updatedAt);
    const builtIn = routeOfModel(model, undefined);
    if (builtIn) return toRouteView(builtIn, null);
    throw new ApiError(
      'route_not_found',
      `${describeMissingRoute(model)}; until then its racks are refused as unknown_model`,
    );
  }

  /** Stores the route and its audit entry (before and after) together; the actor is the admin who asked. */
  async putRoute(input: RackRouteInput, actor: Principal): Promise<RouteView> {
    const problems = validateRoute(input);
    if (problems.length > 0) {
      // The domain's problems concern the route as a whole, so they point at the body rather than a field.
      throw new ApiError(
        'invalid_route',
        'Invalid route',
        problems.map((reason) => ({ path: 'body', reason })),
      );
    }
    const route = defineRoute(input);
    return this.changes.run(async ({ routes, audit }) => {
      await audit.lockSubject('route', route.model);
      const before = await routes.findByModel(route.model);
      const stored = await routes.upsert(route);
      const after = toRouteView(stored.route, stored.updatedAt);
      await audit.append(
        auditEntry(actor, {
          action: 'route.put',
          subjectType: 'route',
          subjectId: route.model,
          before: before
            ? toRouteView(before.route, before.updatedAt)
            : route.model === DEFAULT_RACK_MODEL
              ? toRouteView(DEFAULT_ROUTE, null)
              : null,
          after,
        }),
      );
      return after;
    });
  }
}
