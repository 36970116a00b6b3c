import { describe, expect, it } from '@jest/globals';
import { pageRequest, toPage } from './keyset-page.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ serial: `RK-${100 + index}` }));
const page = (found: { serial: string }[], limit: number) =>
  toPage(
    'racks',
    found,
    limit,
    (row) => row.serial,
    (row) => row.serial,
  );

describe('keyset pages', () => {
  it('asks for one row more than the page, from the start when there is no cursor', () => {
    expect(pageRequest('racks', undefined, 50)).toEqual({ position: null, fetch: 51 });
  });

  it('resumes after the position the cursor carries', () => {
    expect(pageRequest('racks', encodeCursor('racks', 'RK-7'), 10)).toEqual({ position: 'RK-7', fetch: 11 });
  });

  it('drops the look-ahead row and points the cursor at the last row kept', () => {
    const sut = page(rows(4), 3);
    expect(sut.items).toEqual(['RK-100', 'RK-101', 'RK-102']);
    expect(decodeCursor('racks', sut.nextCursor!)).toBe('RK-102');
  });

  it('has no next cursor when the rows fit the page exactly', () => {
    expect(page(rows(3), 3)).toEqual({ items: ['RK-100', 'RK-101', 'RK-102'], nextCursor: null });
  });

  it('has no next cursor and no items when nothing matched', () => {
    expect(page([], 3)).toEqual({ items: [], nextCursor: null });
  });
});
