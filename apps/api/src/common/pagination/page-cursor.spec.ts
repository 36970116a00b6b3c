import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './page-cursor.js';

describe('page cursor', () => {
  it('round-trips a rack serial, including characters that are special in URLs', () => {
    const serial = 'RK-2026/000_123:a.b';
    const sut = encodeCursor('racks', serial);
    expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('racks', sut)).toBe(serial);
  });

  it('round-trips a rejection id beyond Number precision', () => {
    expect(decodeCursor('rejections', encodeCursor('rejections', '9007199254740993'))).toBe(
      '9007199254740993',
    );
  });

  it('refuses a cursor issued by the other list', () => {
    expect(decodeCursor('rejections', encodeCursor('racks', '12'))).toBeNull();
    expect(decodeCursor('racks', encodeCursor('rejections', '12'))).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON but not an object', Buffer.from('"racks"').toString('base64url')],
    ['missing position', Buffer.from('{"k":"racks"}').toString('base64url')],
    ['position not a string', Buffer.from('{"k":"racks","p":5}').toString('base64url')],
    ['empty serial', encodeCursor('racks', '')],
    ['oversized', 'A'.repeat(600)],
  ])('refuses a racks cursor that is %s', (_case, cursor) => {
    expect(decodeCursor('racks', cursor)).toBeNull();
  });

  it.each([
    ['not digits', 'abc'],
    ['zero', '0'],
    ['negative', '-5'],
    ['leading zero', '012'],
    ['beyond bigint', '9223372036854775808'],
  ])('refuses a rejections position that is %s', (_case, position) => {
    expect(decodeCursor('rejections', encodeCursor('rejections', position))).toBeNull();
  });

  it('accepts the largest bigint id', () => {
    expect(decodeCursor('rejections', encodeCursor('rejections', '9223372036854775807'))).toBe(
      '9223372036854775807',
    );
  });
});
