import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REJECTION_REASONS, type RejectionReason } from '#domain';
import { OptionalIdentifier } from '../common/identifier.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';

/** `GET /v1/rejections` query: exact-match filters combined with AND, newest first. */
export class ListRejectionsDto extends PageQueryDto('rejections') {
  @ApiPropertyOptional({ enum: REJECTION_REASONS })
  @IsOptional()
  @IsIn(REJECTION_REASONS, { message: `reason must be one of: ${REJECTION_REASONS.join(', ')}` })
  reason?: RejectionReason;

  @OptionalIdentifier()
  rackSerial?: string;

  @OptionalIdentifier()
  stationId?: string;
}
