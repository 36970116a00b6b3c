import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './keyset-page.js';

/** An optional whole number from 1 to `max` in a query (query values arrive as text and are converted). */
export const CountParameter = (max: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, ...options }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );

/** The `limit` query parameter every keyset-paged list takes, with one set of bounds for all of them. */
export const PageLimit = () => CountParameter(MAX_PAGE_LIMIT, { default: DEFAULT_PAGE_LIMIT });
