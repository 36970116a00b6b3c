import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CountParameter } from '../common/pagination/page-limit.decorator.js';
import { Identifier } from '../common/identifier.js';

export const MAX_WINDOW_HOURS = 24 * 31;

export class SiteParamsDto {
  @Identifier({ example: 'site-1' })
  siteId: string;
}

export class PerformanceQueryDto {
  @CountParameter(MAX_WINDOW_HOURS, { default: 24, description: 'Hours back from now' })
  windowHours: number = 24;
}

export const HANDOVER_SHIFTS = ['current', 'previous'] as const;

export class HandoverQueryDto {
  @ApiPropertyOptional({
    enum: HANDOVER_SHIFTS,
    default: 'current',
    description: 'current: the shift running now (or the last one that ended); previous: the one before it',
  })
  @IsOptional()
  @IsIn(HANDOVER_SHIFTS, { message: `shift must be one of: ${HANDOVER_SHIFTS.join(', ')}` })
  shift: (typeof HANDOVER_SHIFTS)[number] = 'current';
}

export const MAX_RECENT_TRANSITIONS = 100;

export class RecentTransitionsQueryDto {
  @CountParameter(MAX_RECENT_TRANSITIONS, { default: 20, description: 'How many of the latest transitions' })
  limit: number = 20;
}
