import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import { ISO_WEEK_PATTERN } from './iso-week.js';

export const FAILURE_GROUPINGS = ['partNumber', 'supplier', 'lot', 'measurement'] as const;
export type FailureGrouping = (typeof FAILURE_GROUPINGS)[number];

const DATE_TIME = { strict: true, strictSeparator: true } as const;
const WITH_ZONE = /T.*(Z|[+-]\d{2}:\d{2})$/;

export const DEFAULT_PARETO_LIMIT = 20;
export const MAX_PARETO_LIMIT = 500;

/** `GET /v1/quality/failures`: the window is [from, to), by when the failing test happened. */
export class QualityFailuresQueryDto {
  @ApiPropertyOptional({ enum: FAILURE_GROUPINGS, default: 'partNumber' })
  @IsOptional()
  @IsIn(FAILURE_GROUPINGS, { message: `groupBy must be one of: ${FAILURE_GROUPINGS.join(', ')}` })
  groupBy: FailureGrouping = 'partNumber';

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the window (inclusive); default: 7 days before `to`',
  })
  @IsOptional()
  @IsISO8601(DATE_TIME, { message: 'from must be an ISO-8601 date-time' })
  @Matches(WITH_ZONE, { message: 'from must carry a time zone (Z or ±hh:mm)' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window (exclusive); default: now' })
  @IsOptional()
  @IsISO8601(DATE_TIME, { message: 'to must be an ISO-8601 date-time' })
  @Matches(WITH_ZONE, { message: 'to must carry a time zone (Z or ±hh:mm)' })
  to?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PARETO_LIMIT,
    default: DEFAULT_PARETO_LIMIT,
    description: 'Pareto entries listed',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PARETO_LIMIT)
  limit: number = DEFAULT_PARETO_LIMIT;
}

/** `GET /v1/sourcing`. */
export class SourcingQueryDto {
  @ApiPropertyOptional({ description: 'Site id; omitted: every site' })
  @IsOptional()
  @Matches(STATION_EVENT_LIMITS.identifierPattern, {
    message:
      'site must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)',
  })
  site?: string;

  @ApiPropertyOptional({
    example: '2026-W48',
    description: 'ISO week (Monday 00:00 UTC to Monday 00:00 UTC); default: the current one',
  })
  @IsOptional()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week such as 2026-W48' })
  week?: string;
}
