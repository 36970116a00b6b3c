import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import { CLEARANCE_EVENT_TYPES, STAGE_NAME_PATTERN, type ClearanceEventType } from '#domain';

const ID_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** `GET /v1/clearance`: the event a terminal is about to post, in the contract's words. */
export class ClearanceQueryDto {
  @ApiProperty({ example: 'RK-2026-000123' })
  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: ID_MESSAGE })
  rackSerial: string;

  @ApiProperty({ enum: CLEARANCE_EVENT_TYPES, example: 'started' })
  @IsIn(CLEARANCE_EVENT_TYPES, { message: `type must be one of: ${CLEARANCE_EVENT_TYPES.join(', ')}` })
  type: ClearanceEventType;

  @ApiPropertyOptional({
    description: "The event's stage; absent, the station's own (a supervisor's: the rack's current stage)",
    example: 'burn_in',
  })
  @IsOptional()
  @Matches(STAGE_NAME_PATTERN, { message: 'stage must be lower_snake_case, at most 40 characters' })
  stage?: string;

  @ApiPropertyOptional({ description: 'Only read for a rack the tracker has not seen: picks its route' })
  @IsOptional()
  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: ID_MESSAGE })
  rackModel?: string;

  @ApiPropertyOptional({ description: 'The burn-in cell a `started` at a stage with a dwell would take' })
  @ValidateIf((query: ClearanceQueryDto) => query.cell !== undefined || query.position !== undefined)
  @Matches(STATION_EVENT_LIMITS.cellPattern, {
    message: 'cell must be 1-32 characters of letters, digits and . _ - (given with position)',
  })
  cell?: string;

  @ApiPropertyOptional({ description: 'The position in that cell (given with cell)', minimum: 1 })
  @ValidateIf((query: ClearanceQueryDto) => query.cell !== undefined || query.position !== undefined)
  @Type(() => Number)
  @IsInt({ message: 'position must be a whole number (given with cell)' })
  @Min(1, { message: 'position must be at least 1' })
  @Max(STATION_EVENT_LIMITS.maxPosition, {
    message: `position must be at most ${STATION_EVENT_LIMITS.maxPosition}`,
  })
  position?: number;
}
