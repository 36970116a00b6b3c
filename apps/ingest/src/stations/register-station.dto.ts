import { IsIn, IsOptional, Matches } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';
import { STAGE_NAME_PATTERN, STATION_ROLES, type StationRole } from '#domain';

const ID_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** A station as an administrator registers it; identifiers follow the event contract's rules. */
export class RegisterStationDto {
  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: ID_MESSAGE })
  stationId: string;

  @Matches(STAGE_NAME_PATTERN, { message: 'stage must be lower_snake_case, at most 40 characters' })
  stage: string;

  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: ID_MESSAGE })
  siteId: string;

  @Matches(STATION_EVENT_LIMITS.identifierPattern, { message: ID_MESSAGE })
  lineId: string;

  @IsOptional()
  @IsIn(STATION_ROLES, { message: `role must be one of: ${STATION_ROLES.join(', ')}` })
  role?: StationRole;
}
