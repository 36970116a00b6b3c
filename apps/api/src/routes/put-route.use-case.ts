import { Injectable } from '@nestjs/common';
import { DEFAULT_RACK_MODEL, DEFAULT_ROUTE, defineRoute, validateRoute, type RackRouteInput } from '#domain';
import { UnitOfWork } from '#persistence';
import type { Principal } from '#platform';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import { toRouteView, type RouteView } from './route.view.js';

/**
 * Creates or replaces a model's route. Racks snapshot their route when they start, so a change only reaches
 * racks started after it.
 */
@Injectable()
export class PutRouteUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  /** Stores the route and its audit entry (before and after) together; the actor is the admin who asked. */
  async execute(input: RackRouteInput, actor: Principal): Promise<RouteView> {
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
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('route', route.model);
      const before = await repositories.routes.findByModel(route.model);
      const stored = await repositories.routes.upsert(route);
      const after = toRouteView(stored.route, stored.updatedAt);
      await recordChange(repositories, actor, {
        action: 'route.put',
        subjectType: 'route',
        subjectId: route.model,
        before: before
          ? toRouteView(before.route, before.updatedAt)
          : route.model === DEFAULT_RACK_MODEL
            ? toRouteView(DEFAULT_ROUTE, null)
            : null,
        after,
      });
      return after;
    });
  }
}
