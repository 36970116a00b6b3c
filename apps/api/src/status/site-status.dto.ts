import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_MESSAGE } from '../common/identifier.js';

export const MAX_WINDOW_HOURS = 24 * 31;

export class SiteParamsDto {
  @ApiProperty({ example: 'site-1' })
  @Matches(IDENTIFIER, { message: IDENTIFIER_MESSAGE })
  siteId: string;
}

export class PerformanceQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_WINDOW_HOURS,
    default: 24,
    description: 'Hours back from now',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_HOURS)
  windowHours: number = 24;
}
