import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { STATION_EVENT_LIMITS } from '#contracts';
import { Identifier } from '../common/identifier.js';

export class SiteParamsDto {
  @Identifier({ example: 'fab-a', description: 'Site, as stations are registered at it' })
  site: string;
}

/** A cell id as `started` events name it in `location.cell`, so every cell registered can be started in. */
export class BurnInCellParamsDto extends SiteParamsDto {
  @ApiProperty({ example: 'BI-A1', pattern: STATION_EVENT_LIMITS.cellPattern.source })
  @Matches(STATION_EVENT_LIMITS.cellPattern, {
    message: 'cell must be 1-32 characters of letters, digits and . _ - (starting with a letter or digit)',
  })
  cell: string;
}
