import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { CountParameter } from '../common/pagination/page-limit.decorator.js';
import { OptionalIdentifier } from '../common/identifier.js';

export const FAILURE_GROUPINGS = ['partNumber', 'supplier', 'lot', 'code', 'measurement'] as const;
export type FailureGrouping = (typeof FAILURE_GROUPINGS)[number];

const DATE_TIME = { strict: true, strictSeparator: true } as const;
const WITH_ZONE = /T.*(Z|[+-]\d{2}:\d{2})$/;

/** `from`, the window's inclusive start: an instant with its zone; `byDefault` says what leaving it out means. */
const WindowStart = (byDefault: string) =>
  applyDecorators(
    ApiPropertyOptional({
      format: 'date-time',
      description: `Start of the window (inclusive); default: ${byDefault}`,
    }),
    IsOptional(),
    IsISO8601(DATE_TIME, { message: 'from must be an ISO-8601 date-time' }),
    Matches(WITH_ZONE, { message: 'from must carry a time zone (Z or ±hh:mm)' }),
  );

/** `to`, the window's exclusive end; now when left out. */
const WindowEnd = () =>
  applyDecorators(
    ApiPropertyOptional({ format: 'date-time', description: 'End of the window (exclusive); default: now' }),
    IsOptional(),
    IsISO8601(DATE_TIME, { message: 'to must be an ISO-8601 date-time' }),
    Matches(WITH_ZONE, { message: 'to must carry a time zone (Z or ±hh:mm)' }),
  );

export const DEFAULT_PARETO_LIMIT = 20;
export const MAX_PARETO_LIMIT = 500;

/** `GET /v1/quality/failures`: the window is [from, to), by when the failing test happened. */
export class QualityFailuresQueryDto {
  @OptionalIdentifier({ description: 'Site id: only racks of that site; omitted: every site' })
  site?: string;

  @ApiPropertyOptional({ enum: FAILURE_GROUPINGS, default: 'partNumber' })
  @IsOptional()
  @IsIn(FAILURE_GROUPINGS, { message: `groupBy must be one of: ${FAILURE_GROUPINGS.join(', ')}` })
  groupBy: FailureGrouping = 'partNumber';

  @WindowStart('7 days before `to`')
  from?: string;

  @WindowEnd()
  to?: string;

  @CountParameter(MAX_PARETO_LIMIT, { default: DEFAULT_PARETO_LIMIT, description: 'Pareto entries listed' })
  limit: number = DEFAULT_PARETO_LIMIT;
}

/** `GET /v1/quality/suppliers`: the window is [from, to). */
export class SupplierQualityQueryDto {
  @OptionalIdentifier({
    description: 'Site id: only parts installed in, failed in or returned from its racks',
  })
  site?: string;

  @WindowStart('30 days before `to`')
  from?: string;

  @WindowEnd()
  to?: string;
}

// An ISO week (`2026-W48`) or a local date (`2026-11-24`); which week each names is production-week.ts's call.
const WEEK_PARAMETER = /^\d{4}-(W\d{2}|\d{2}-\d{2})$/;

/** `GET /v1/sourcing`. */
export class SourcingQueryDto {
  @OptionalIdentifier({ description: 'Site id; omitted: every site' })
  site?: string;

  @ApiPropertyOptional({
    example: '2026-W48',
    description:
      "The site's production week, in the time zone and from the weekday of its shift calendar (the alerts " +
      "service's site target). Either an ISO week, `2026-W48`: the site week holding that ISO week's Thursday " +
      '(for weeks from Monday, exactly that week in local time); or a local date inside the week, `2026-11-24`. ' +
      'Without a site, or for a site with no calendar, weeks run Monday 00:00 UTC to Monday 00:00 UTC. ' +
      'Default: the current week.',
  })
  @IsOptional()
  @Matches(WEEK_PARAMETER, {
    message: 'week must be an ISO week such as 2026-W48 or a date such as 2026-11-24',
  })
  week?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'true',
    description:
      'false: leave out the per-rack rows (`racks` is empty); a share-by-country panel needs only byCountry ' +
      'and byKind, and a week of a thousand racks is most of the answer',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'racks must be true or false' })
  racks?: 'true' | 'false';
}
