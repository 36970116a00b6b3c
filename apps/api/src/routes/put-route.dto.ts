import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import type { StageDwellInput } from '#domain';

/**
 * `PUT /v1/routes/:model` body. Only the shape is checked here; the domain's validateRoute judges the content
 * (stage names, duplicates, slot kinds and counts) and lists every problem at once.
 */
export class PutRouteDto {
  @ApiProperty({
    type: [String],
    example: ['assembly', 'burn_in', 'qa', 'ship'],
    description: 'lower_snake_case, in order, no repeats',
  })
  @IsArray()
  @IsString({ each: true })
  stages: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { compute_tray: 18, switch_tray: 9 },
    description: 'Component slots that must be filled before assembly can pass',
  })
  @IsOptional()
  @IsObject()
  requiredSlots?: Record<string, number>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['minHours'],
      properties: {
        minHours: {
          type: 'number',
          description: 'Minimum time in progress (holds not counted) before a pass',
        },
        maxHours: {
          type: 'number',
          nullable: true,
          description: 'Past this the run is overdue (dwell_overrun)',
        },
        retestMinHours: {
          type: 'number',
          nullable: true,
          description: 'Minimum for a run after rework; default minHours',
        },
      },
    },
    example: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: 24 } },
    description:
      'Stages a rack must stay in progress at for a minimum time; a start there must name a burn-in location',
  })
  @IsOptional()
  @IsObject()
  dwell?: Record<string, StageDwellInput>;
}
