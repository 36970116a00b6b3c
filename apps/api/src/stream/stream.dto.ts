import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';

/** `GET /v1/stream` query. */
export class StreamQueryDto {
  @ApiPropertyOptional({
    example: 'site-1',
    description:
      "Only this site's events, and its progress, WIP and alerts on connect; all sites' transitions without it",
  })
  @IsOptional()
  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: 'site must be a site id' })
  site?: string;

  @ApiPropertyOptional({
    description:
      'The bearer token, for EventSource (which cannot send headers). Prefer the Authorization header where you can: ' +
      'a URL may end up in logs.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  token?: string;

  @ApiPropertyOptional({
    description:
      'Resume after this event id, for clients that cannot send the Last-Event-ID header (the header wins)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  lastEventId?: string;
}
