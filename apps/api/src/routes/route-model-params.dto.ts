import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_MESSAGE } from '../common/identifier.js';

/** A model name as events carry it in `rackModel`, so every route stored can actually be chosen by a rack. */
export class RouteModelParamsDto {
  @ApiProperty({ example: 'gb200-nvl72', description: 'Rack model, as events carry it in `rackModel`' })
  @Matches(IDENTIFIER, { message: IDENTIFIER_MESSAGE })
  model: string;
}
