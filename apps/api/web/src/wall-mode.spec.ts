import { describe, expect, it } from '@jest/globals';
import { parseRotation, wallSettings } from './wall-mode.js';

describe('wall mode from the address', () => {
  it('reads rotation periods as people write them, never faster than every 5 s', () => {
    expect(['30s', '2m', '45', '1500ms', 'soon', '0s'].map(parseRotation)).toEqual([
      30_000,
      120_000,
      45_000,
      5_000,
      null,
      null,
    ]);
  });

  it('is off unless ?wall= or ?rotate= asks for it, and holds a page when one is named', () => {
    expect(wallSettings(new URLSearchParams(''))).toBeNull();
    expect(wallSettings(new URLSearchParams('wall=0'))).toBeNull();
    expect(wallSettings(new URLSearchParams('wall=1'))).toEqual({ page: null, rotateMs: 30_000 });
    expect(wallSettings(new URLSearchParams('rotate=20s'))).toEqual({ page: null, rotateMs: 20_000 });
    expect(wallSettings(new URLSearchParams('wall=1&page=2'))).toEqual({ page: 2, rotateMs: 30_000 });
    expect(wallSettings(new URLSearchParams('wall=1&page=9'))).toEqual({ page: null, rotateMs: 30_000 });
  });
});
