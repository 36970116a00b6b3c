import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import {
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  PIPELINE_ALERT_RULES,
  type AlertRuleName,
  type AlertSeverity,
  type PipelineAlertRuleName,
} from '#domain';
import { IsAlertCursor } from './alert-cursor.js';

export const ALERT_STATUS_FILTERS = ['open', ...ALERT_STATUSES] as const;
/** Site rules, and the pipeline's own (`tracker_stalled`, alerts without a site). */
export const ALERT_RULE_FILTERS = [...ALERT_RULES, ...PIPELINE_ALERT_RULES] as const;

/** `GET /v1/alerts`: filters combined with AND, newest first. Without `status`, pending alerts are left out. */
export class ListAlertsDto {
  @ApiPropertyOptional({ example: 'site-1', description: 'Only this site’s alerts' })
  @IsOptional()
  @Matches(STATION_EVENT_LIMITS.identifierPattern, {
    message: 'siteId must be 1-64 characters of letters, digits and . _ : / -',
  })
  siteId?: string;

  @ApiPropertyOptional({ enum: ALERT_RULE_FILTERS })
  @IsOptional()
  @IsIn(ALERT_RULE_FILTERS, { message: `rule must be one of: ${ALERT_RULE_FILTERS.join(', ')}` })
  rule?: AlertRuleName | PipelineAlertRuleName;

  /** `open`: firing now; `pending`: breached but still within its grace period. */
  @ApiPropertyOptional({
    enum: ALERT_STATUS_FILTERS,
    description:
      'open: firing now; pending: breached but within its grace period. Without it, pending ones are left out',
  })
  @IsOptional()
  @IsIn(ALERT_STATUS_FILTERS, { message: `status must be one of: ${ALERT_STATUS_FILTERS.join(', ')}` })
  status?: (typeof ALERT_STATUS_FILTERS)[number];

  /** Matches the alert's highest severity. */
  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, description: "Matches the alert's highest severity" })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `severity must be one of: ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsAlertCursor()
  cursor?: string;
}

export class AlertParamsDto {
  @ApiProperty({ example: '42', pattern: '^[1-9]\\d{0,18}$', description: 'The alert id' })
  @Matches(/^[1-9]\d{0,18}$/, { message: 'id must be an alert id' })
  id: string;
}
