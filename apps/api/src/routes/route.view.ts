import { ApiProperty } from '@nestjs/swagger';
import type { RackRoute, StageDwell } from '#domain';
import { ApiDateTimeOrNull } from '../common/date-time.view.js';

export class RouteView {
  @ApiProperty({ example: 'gb200-nvl72' })
  model: string;

  @ApiProperty({ type: [String], example: ['assembly', 'burn_in', 'qa', 'ship'] })
  stages: string[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { compute_tray: 18 } })
  requiredSlots: Record<string, number>;

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        minHours: { type: 'number' },
        maxHours: { type: 'number', nullable: true },
        retestMinHours: { type: 'number', nullable: true },
      },
    },
    example: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
  })
  dwell: Record<string, StageDwell>;

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
    dwell: { ...route.dwell },
    builtIn: updatedAt === null,
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}
