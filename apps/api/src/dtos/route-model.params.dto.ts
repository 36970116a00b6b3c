import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';

/** A model name as events carry it in `rackModel`, so every route stored can actually be chosen by a rack. */
export class RouteModelParamsDto {
  @ApiProperty({ example: 'gb200-nvl72', description: 'Rack model, as events carry it in `rackModel`' })
  @Matches(STATION_EVENT_LIMITS.identifierPattern, {
    message:
      'model must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)',
  })
  model: string;
}
