import { defineRoute, type RackRoute, type StageDwell } from '#domain';
import type { Queryable } from './queryable.js';

interface RackRouteRow {
  model: string;
  stages: string[];
  required_slots: Record<string, number>;
  dwell: Record<string, StageDwell>;
  updated_at: Date;
}

/** A route as kept in `rack_route`, with when it last changed. */
export interface StoredRackRoute {
  route: RackRoute;
  updatedAt: Date;
}

// Rows only arrive through defineRoute, so one that fails it now was edited by hand; failing loudly beats
// starting racks on a route nobody validated.
function toRoute(row: RackRouteRow): RackRoute {
  return defineRoute({
    model: row.model,
    stages: row.stages,
    requiredSlots: row.required_slots,
    dwell: row.dwell,
  });
}

function toStored(row: RackRouteRow): StoredRackRoute {
  return { route: toRoute(row), updatedAt: row.updated_at };
}

/**
 * Routes per rack model. Returns only what is stored: falling back to the built-in default route is the
 * caller's decision, not the table's.
 */
export class RackRouteRepository {
  constructor(private readonly db: Queryable) {}

  async findAll(): Promise<StoredRackRoute[]> {
    const rows = await this.db.query<RackRouteRow[]>('SELECT * FROM rack_route ORDER BY model');
    return rows.map(toStored);
  }

  async findByModel(model: string): Promise<StoredRackRoute | null> {
    const rows = await this.db.query<RackRouteRow[]>('SELECT * FROM rack_route WHERE model = $1', [model]);
    return rows[0] ? toStored(rows[0]) : null;
  }

  /** One round trip for every model a batch of events mentions; unknown models are simply absent. */
  async findByModels(models: readonly string[]): Promise<RackRoute[]> {
    if (models.length === 0) return [];
    const rows = await this.db.query<RackRouteRow[]>(
      'SELECT * FROM rack_route WHERE model = ANY($1::text[])',
      [[...new Set(models)]],
    );
    return rows.map(toRoute);
  }

  async upsert(route: RackRoute): Promise<StoredRackRoute> {
    const rows = await this.db.query<RackRouteRow[]>(
      `INSERT INTO rack_route (model, stages, required_slots, dwell, updated_at)
       VALUES ($1, $2::text[], $3::jsonb, $4::jsonb, now())
       ON CONFLICT (model) DO UPDATE SET stages = EXCLUDED.stages, required_slots = EXCLUDED.required_slots,
                                         dwell = EXCLUDED.dwell, updated_at = now()
       RETURNING *`,
      [route.model, [...route.stages], JSON.stringify(route.requiredSlots), JSON.stringify(route.dwell)],
    );
    return toStored(rows[0]!);
  }
}
