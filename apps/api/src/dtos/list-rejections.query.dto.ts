import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import { REJECTION_REASONS, type RejectionReason } from '#domain';
import { DEFAULT_PAGE_LIMIT } from '../pagination/keyset-page.js';
import { IsPageCursor } from '../pagination/page-cursor.js';
import { PageLimit } from '../pagination/page-limit.decorator.js';

const ID = STATION_EVENT_LIMITS.identifierPattern;
const ID_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** `GET /v1/rejections` query: exact-match filters combined with AND, newest first. */
export class ListRejectionsQueryDto {
  @ApiPropertyOptional({ enum: REJECTION_REASONS })
  @IsOptional()
  @IsIn(REJECTION_REASONS, { message: `reason must be one of: ${REJECTION_REASONS.join(', ')}` })
  reason?: RejectionReason;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  rackSerial?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  stationId?: string;

  @PageLimit()
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ description: "The previous page's nextCursor (opaque)" })
  @IsOptional()
  @IsPageCursor('rejections')
  cursor?: string;
}
