import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DEFAULT_PAGE_LIMIT } from './keyset-page.js';
import { IsPageCursor, type CursorKind } from './page-cursor.js';
import { PageLimit } from './page-limit.decorator.js';

/** What every keyset-paged list query takes besides its filters: a page size and the list's own cursor. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * The base of a keyset-paged list's query DTO, e.g. `class ListRacksDto extends PageQueryDto('racks')`: one
 * `limit` with one set of bounds, and a `cursor` that only this list's cursors pass.
 */
export function PageQueryDto(kind: CursorKind): new () => PageQuery {
  class PageQueryBase implements PageQuery {
    @PageLimit()
    limit: number = DEFAULT_PAGE_LIMIT;

    @ApiPropertyOptional({ description: "The previous page's nextCursor (opaque)" })
    @IsOptional()
    @IsPageCursor(kind)
    cursor?: string;
  }
  return PageQueryBase;
}
