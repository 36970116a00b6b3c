import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RACK_STATUSES, STAGE_NAME_PATTERN, type RackStatus } from '#domain';
import { OptionalIdentifier } from '../common/identifier.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';

/** `GET /v1/racks` query: filters are exact matches (serialPrefix a prefix), combined with AND. */
export class ListRacksDto extends PageQueryDto('racks') {
  @ApiPropertyOptional({ example: 'burn_in' })
  @IsOptional()
  @Matches(STAGE_NAME_PATTERN, { message: 'stage must be lower_snake_case, at most 40 characters' })
  stage?: string;

  @ApiPropertyOptional({ enum: RACK_STATUSES })
  @IsOptional()
  @IsIn(RACK_STATUSES, { message: `status must be one of: ${RACK_STATUSES.join(', ')}` })
  status?: RackStatus;

  @OptionalIdentifier({ description: 'Site id' })
  site?: string;

  @OptionalIdentifier({ description: 'Line id' })
  line?: string;

  @OptionalIdentifier({ description: 'Rack model' })
  model?: string;

  // Any non-empty beginning of a valid serial is itself a valid identifier.
  @OptionalIdentifier({
    example: 'RK-2026-00',
    description: 'Racks whose serial starts with this (literally; `_` is no wildcard)',
  })
  serialPrefix?: string;
}
