import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { CountParameter } from '../common/pagination/page-limit.decorator.js';
import { Identifier, OptionalIdentifier } from '../common/identifier.js';
import { IsPageCursor } from '../common/pagination/page-cursor.js';

/** A rack or component serial in the path, held to the identifier rule events are held to. */
export class SerialParamsDto {
  @Identifier({ example: 'RK-2026-000123' })
  serial: string;
}

export class RackComponentsQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-24T12:00:00Z',
    description: "The tree as it stood then (by the terminals' occurredAt); omitted: now",
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'at must be an ISO-8601 date-time' })
  @Matches(/T.*(Z|[+-]\d{2}:\d{2})$/, { message: 'at must carry a time zone (Z or ±hh:mm)' })
  at?: string;
}

export const DEFAULT_TRACE_LIMIT = 50;
// A page of a part number found in every rack carries ~72 parts per rack; 200 racks is already megabytes.
export const MAX_TRACE_LIMIT = 200;

/**
 * `GET /v1/trace`: filters combined with AND (part number exact, lot and supplier whatever their case); at least
 * one of partNumber, lot, supplierId.
 */
export class TraceQueryDto {
  @OptionalIdentifier({ example: 'GPU-B200' })
  partNumber?: string;

  @OptionalIdentifier({ example: 'W47-A', description: 'The lot, whatever its case (`w47-a` finds `W47-A`)' })
  lot?: string;

  @OptionalIdentifier({ example: 'sup-tw-02', description: 'The supplier id, whatever its case' })
  supplierId?: string;

  @OptionalIdentifier({
    example: 'site-1',
    description: 'Only racks of this site; narrows the filters above, is not one of them',
  })
  site?: string;

  @CountParameter(MAX_TRACE_LIMIT, { default: DEFAULT_TRACE_LIMIT })
  limit: number = DEFAULT_TRACE_LIMIT;

  @ApiPropertyOptional({ description: "The previous page's nextCursor (opaque)" })
  @IsOptional()
  @IsPageCursor('trace')
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      'Also count every matching rack (shipped, scrapped, still holding): costs a pass over all matches',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'summary must be true or false' })
  summary?: 'true' | 'false';
}
