import { describe, expect, it } from '@jest/globals';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error.js';
import { loadConfig } from './load-config.js';
import { AdminTokenConfig, ServiceConfig } from './service-config.js';

class ExampleConfig extends ServiceConfig {
  override PORT = 3999;

  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;
}

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig('example', ExampleConfig, { WORKERS: '7' });
    expect(config.PORT).toBe(3999);
    expect(config.WORKERS).toBe(7);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadConfig('example', ExampleConfig, { WORKERS: '99', DATABASE_URL: 'mysql://x', PORT: 'abc' });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow('example: invalid configuration');
    expect(attempt).toThrow(/WORKERS \("99"\)/);
    expect(attempt).toThrow(/DATABASE_URL \("mysql:\/\/x"\): must be a postgres:\/\/ URL/);
    expect(attempt).toThrow(/PORT \("abc"\)/);
  });

  it('requires an admin token and never echoes it', () => {
    expect(() => loadConfig('api', AdminTokenConfig, {})).toThrow(/ADMIN_TOKEN \(unset\)/);
    expect(() => loadConfig('api', AdminTokenConfig, { ADMIN_TOKEN: 'short-secret' })).toThrow(
      /ADMIN_TOKEN \("<redacted>"\)/,
    );
    expect(loadConfig('api', AdminTokenConfig, { ADMIN_TOKEN: 'x'.repeat(24) }).ADMIN_TOKEN).toHaveLength(24);
  });

  it('ignores variables the class does not declare', () => {
    const config = loadConfig('example', ExampleConfig, { SOMETHING_ELSE: 'yes' });
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });
});
