import { describe, expect, it } from '@jest/globals';
import { IsInt, Max, Min } from 'class-validator';
import { IntRange } from './int-range.js';
import { loadConfig } from './load-config.js';
import { ServiceConfig } from './service-config.js';

class Stacked extends ServiceConfig {
  @IsInt()
  @Min(10)
  @Max(20)
  WORKERS: number = 12;
}

class Ranged extends ServiceConfig {
  @IntRange(10, 20)
  WORKERS: number = 12;
}

function messageFor(configClass: new () => ServiceConfig, value: string): string {
  try {
    loadConfig('example', configClass, { WORKERS: value });
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('IntRange', () => {
  it.each(['9', '21', '12.5', 'many', '15'])('answers %s as @IsInt @Min @Max would', (value) => {
    expect(messageFor(Ranged, value)).toBe(messageFor(Stacked, value));
  });

  it('accepts the bounds themselves', () => {
    expect(loadConfig('example', Ranged, { WORKERS: '20' }).WORKERS).toBe(20);
    expect(messageFor(Ranged, '21')).toContain('WORKERS ("21")');
  });
});
