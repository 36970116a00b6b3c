import { ApiProperty } from '@nestjs/swagger';
import { STATION_EVENT_TYPES } from '#domain';
import type { StoredSiteTransition } from '#persistence';
import { ApiDateTime } from '../common/date-time.view.js';
import { PositionView } from '../racks/rack.view.js';

/** A rack's step at the site, as the live stream's `transition` event carries it. */
export class SiteTransitionView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'RK-2026-000123' })
  rackSerial: string;

  @ApiProperty({ example: 'site-1' })
  siteId: string;

  @ApiProperty({ enum: STATION_EVENT_TYPES })
  eventType: string;

  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({ example: 'BURN_IN-01' })
  stationId: string;

  @ApiProperty({ type: PositionView, nullable: true, description: 'null for the rack’s first step' })
  from: PositionView | null;

  @ApiProperty({ type: PositionView })
  to: PositionView;

  @ApiDateTime()
  occurredAt: string;
}

export class SiteTransitionList {
  @ApiProperty({ type: [SiteTransitionView], description: 'Newest first' })
  items: SiteTransitionView[];
}

export function toSiteTransitionView(row: StoredSiteTransition): SiteTransitionView {
  return { ...row, occurredAt: row.occurredAt.toISOString() };
}
