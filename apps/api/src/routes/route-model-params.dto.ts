import { Identifier } from '../common/identifier.js';

/** A model name as events carry it in `rackModel`, so every route stored can actually be chosen by a rack. */
export class RouteModelParamsDto {
  @Identifier({ example: 'gb200-nvl72', description: 'Rack model, as events carry it in `rackModel`' })
  model: string;
}
