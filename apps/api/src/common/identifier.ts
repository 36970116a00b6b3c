import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';

/** Ids as station events carry them (sites, lines, models, serials, stations, suppliers). */
export const IDENTIFIER = STATION_EVENT_LIMITS.identifierPattern;

/** The refusal of a field that is not such an id (`$property` is the field's name). */
export const IDENTIFIER_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** A required id (a path parameter), held to the rule events are held to. */
export const Identifier = (options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty(options), Matches(IDENTIFIER, { message: IDENTIFIER_MESSAGE }));

/** An optional exact-match id filter of a list query. */
export const OptionalIdentifier = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional(options),
    IsOptional(),
    Matches(IDENTIFIER, { message: IDENTIFIER_MESSAGE }),
  );
