import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';

const WORD = /^[a-z][a-z0-9_.-]{0,63}$/;
const ID = /^[^\p{Cc}]{1,200}$/u;

/** `GET /v1/audit` query: exact-match filters combined with AND, newest first. */
export class ListAuditDto extends PageQueryDto('audit') {
  @ApiPropertyOptional({ example: 'route', description: 'route, station, token, target, webhook, …' })
  @IsOptional()
  @Matches(WORD, { message: 'subjectType must be a lower-case word' })
  subjectType?: string;

  @ApiPropertyOptional({ example: 'gb200-nvl72' })
  @IsOptional()
  @Matches(ID, { message: 'subjectId must be 1-200 characters without control characters' })
  subjectId?: string;

  @ApiPropertyOptional({ example: 'token:12' })
  @IsOptional()
  @Matches(ID, { message: 'actorId must be 1-200 characters without control characters' })
  actorId?: string;

  @ApiPropertyOptional({ enum: ['api', 'ingest', 'alerts'] })
  @IsOptional()
  @IsIn(['api', 'ingest', 'alerts'], { message: 'service must be one of: api, ingest, alerts' })
  service?: string;
}
