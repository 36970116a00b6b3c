import { ApiProperty } from '@nestjs/swagger';
import type { RackRoute } from '#domain';
import { ApiDateTimeOrNull } from '../common/date-time.view.js';

export class RouteView {
  @ApiProperty({ example: 'gb200-nvl72' })
  model: string;

  @ApiProperty({ type: [String], example: ['assembly', 'burn_in', 'qa', 'ship'] })
  stages: string[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { compute_tray: 18 } })
  requiredSlots: Record<string, number>;

  /** true for the default route the code ships with, served while no `default` route is stored. */
  @ApiProperty({
    description: 'true for the default route shipped with the code, served while none is stored',
  })
  builtIn: boolean;

  @ApiDateTimeOrNull()
  updatedAt: string | null;
}

export class RouteList {
  @ApiProperty({ type: [RouteView] })
  items: RouteView[];
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
