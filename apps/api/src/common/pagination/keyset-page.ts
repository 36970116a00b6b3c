import { decodeCursor, encodeCursor, type CursorKind } from './page-cursor.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

export interface Page<T> {
  items: T[];
  /** null on the last page, so clients stop without fetching an empty page. */
  nextCursor: string | null;
}

/** Where a list request resumes and how many rows to ask for: one more than the page, to see if another follows. */
export function pageRequest(
  kind: CursorKind,
  cursor: string | undefined,
  limit: number,
): { position: string | null; fetch: number } {
  // The DTO has already validated the cursor; decoding again is cheap and keeps this function total.
  const position = cursor === undefined ? null : decodeCursor(kind, cursor);
  return { position, fetch: limit + 1 };
}

/** Cuts the look-ahead row off and turns the last row kept into the next cursor. */
export function toPage<R, T>(
  kind: CursorKind,
  rows: readonly R[],
  limit: number,
  positionOf: (row: R) => string,
  view: (row: R) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  const more = rows.length > limit && last !== undefined;
  return { items: kept.map(view), nextCursor: more ? encodeCursor(kind, positionOf(last)) : null };
}

/**
 * One page of a keyset-paged list: resumes after the query's cursor, reads one row more than the page to see
 * whether another follows, and turns the last row kept into the next cursor.
 */
export async function readPage<R, T>(
  kind: CursorKind,
  query: { cursor?: string; limit: number },
  read: (position: string | null, fetch: number) => Promise<readonly R[]>,
  positionOf: (row: R) => string,
  view: (row: R) => T,
): Promise<Page<T>> {
  const { position, fetch } = pageRequest(kind, query.cursor, query.limit);
  return toPage(kind, await read(position, fetch), query.limit, positionOf, view);
}
