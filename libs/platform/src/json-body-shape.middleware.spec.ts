import { describe, expect, it } from '@jest/globals';
import { problemWithBodyShape } from './json-body-shape.middleware.js';

describe('problemWithBodyShape', () => {
  it('lets ordinary event bodies through', () => {
    expect(problemWithBodyShape({ events: [{ details: { a: [1, { b: 'x' }] } }] })).toBeNull();
    expect(problemWithBodyShape(undefined)).toBeNull();
  });

  it('refuses nesting deeper than any contract needs, without overflowing itself', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(problemWithBodyShape(deep)).toBe('body is nested deeper than 32 levels');
  });

  it('refuses U+0000 in values and in keys', () => {
    expect(problemWithBodyShape({ details: { note: 'a\u0000b' } })).toMatch(/U\+0000/);
    expect(problemWithBodyShape({ details: { ['k\u0000']: 1 } })).toMatch(/U\+0000/);
  });
});
