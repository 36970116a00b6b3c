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
