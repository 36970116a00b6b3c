import { STATION_EVENT_LIMITS } from '#contracts';

/** Ids as station events carry them (sites, lines, models, serials, stations, suppliers). */
export const IDENTIFIER = STATION_EVENT_LIMITS.identifierPattern;

/** The refusal of a field that is not such an id (`$property` is the field's name). */
export const IDENTIFIER_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';
