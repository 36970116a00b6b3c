import { Matches } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';

/** `:siteId` as stations report it (the same identifier rules as every id in the station contract). */
export class SiteParamsDto {
  @Matches(STATION_EVENT_LIMITS.identifierPattern, {
    message:
      'siteId must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)',
  })
  siteId: string;
}
