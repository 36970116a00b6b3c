import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import { RACK_STATUSES, STAGE_NAME_PATTERN, type RackStatus } from '#domain';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../pagination/keyset-page.js';
import { IsPageCursor } from '../pagination/page-cursor.js';

const ID = STATION_EVENT_LIMITS.identifierPattern;
const ID_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** `GET /v1/racks` query: filters are exact matches (serialPrefix a prefix), combined with AND. */
export class ListRacksQueryDto {
  @IsOptional()
  @Matches(STAGE_NAME_PATTERN, { message: 'stage must be lower_snake_case, at most 40 characters' })
  stage?: string;

  @IsOptional()
  @IsIn(RACK_STATUSES, { message: `status must be one of: ${RACK_STATUSES.join(', ')}` })
  status?: RackStatus;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  site?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  line?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  model?: string;

  // Any non-empty beginning of a valid serial is itself a valid identifier.
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  serialPrefix?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @IsOptional()
  @IsPageCursor('racks')
  cursor?: string;
}
