import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';

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
}
