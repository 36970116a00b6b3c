import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError } from './config-validation.error.js';

function describe(errors: readonly ValidationError[], env: NodeJS.ProcessEnv): string[] {
  return errors.map((error) => {
    const raw = env[error.property];
    const shown =
      raw === undefined
        ? 'unset'
        : `"${error.property.includes('TOKEN') || error.property.includes('SECRET') ? '<redacted>' : raw}"`;
    const reasons = Object.values(error.constraints ?? {}).join('; ');
    return `${error.property} (${shown}): ${reasons}`;
  });
}

/**
 * Reads only the variables the config class declares (every property needs an initialiser, even `undefined`),
 * converts them to their declared types and validates them all at once, so one start-up shows every mistake.
 */
export function loadConfig<T extends object>(
  service: string,
  configClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const known = Object.keys(new configClass());
  const plain: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(configClass, plain, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(service, describe(errors, env));
  return config;
}
