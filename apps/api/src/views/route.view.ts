import type { RackRoute } from '#domain';

export interface RouteView {
  model: string;
  stages: string[];
  requiredSlots: Record<string, number>;
  /** true for the default route the code ships with, served while no `default` route is stored. */
  builtIn: boolean;
  updatedAt: string | null;
}

export function toRouteView(route: RackRoute, updatedAt: Date | null): RouteView {
  const requiredSlots: Record<string, number> = {};
  for (const [kind, count] of Object.entries(route.requiredSlots)) {
    if (count !== undefined) requiredSlots[kind] = count;
  }
  return {
    model: route.model,
    stages: [...route.stages],
    requiredSlots,
    builtIn: updatedAt === null,
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}
