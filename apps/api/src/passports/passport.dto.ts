import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { Identifier, OptionalIdentifier } from '../common/identifier.js';

const DATE_TIME = { strict: true, strictSeparator: true } as const;
const WITH_ZONE = /T.*(Z|[+-]\d{2}:\d{2})$/;

export class PassportParamsDto {
  @Identifier({ example: 'RK-2026-000123' })
  serial: string;
}

export class PassportVersionQueryDto {
  @ApiPropertyOptional({
    description: 'A version; default: the latest (a rack reworked after shipping has more)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

/** `GET /v1/passports`: a shipment, by ship time [shippedFrom, shippedTo). */
export class ShipmentQueryDto {
  @OptionalIdentifier({ description: 'Only racks of this site' })
  site?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Shipped at or after' })
  @IsOptional()
  @IsISO8601(DATE_TIME, { message: 'shippedFrom must be an ISO-8601 date-time' })
  @Matches(WITH_ZONE, { message: 'shippedFrom must carry a time zone (Z or ±hh:mm)' })
  shippedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Shipped before' })
  @IsOptional()
  @IsISO8601(DATE_TIME, { message: 'shippedTo must be an ISO-8601 date-time' })
  @Matches(WITH_ZONE, { message: 'shippedTo must carry a time zone (Z or ±hh:mm)' })
  shippedTo?: string;
}
