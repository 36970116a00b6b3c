import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** A named schema for `Page<T>` (OpenAPI has no generics), e.g. `pageSchema(RackSummaryView, 'RackPage')`. */
export function pageSchema<T>(item: Type<T>, name: string): Type<{ items: T[]; nextCursor: string | null }> {
  class PageSchema {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description:
        'Pass as `cursor` for the next page; null on the last page. Keyset-paged: no row repeats or goes missing.',
    })
    nextCursor: string | null;
  }
  Object.defineProperty(PageSchema, 'name', { value: name });
  return PageSchema;
}
