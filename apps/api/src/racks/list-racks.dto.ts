import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { RACK_STATUSES, STAGE_NAME_PATTERN, type RackStatus } from '#domain';
import { OptionalIdentifier } from '../common/identifier.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';

/** Search text: no control characters (C0, DEL, C1), which no serial holds and no keyboard types. */
const SEARCH_TEXT = /^[^\p{Cc}]*$/u;
export const MAX_SEARCH_LENGTH = 64;

/**
 * `GET /v1/racks` query: filters are exact matches (serialPrefix a prefix, q any part of the serial), combined
 * with AND.
 */
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

  @ApiPropertyOptional({
    example: '00123',
    minLength: 1,
    maxLength: MAX_SEARCH_LENGTH,
    description:
      'Racks whose serial contains this anywhere, whatever its case; `%`, `_` and `\\` match only themselves. ' +
      'Combine with `site` for one site; without it, every site.',
  })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH, { message: `q must be 1-${MAX_SEARCH_LENGTH} characters` })
  @Matches(SEARCH_TEXT, { message: 'q must not contain control characters' })
  q?: string;
}
