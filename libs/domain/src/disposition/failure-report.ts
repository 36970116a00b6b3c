/**
 * What a station says went wrong when a rack fails a test: a code in a namespace (`XID-79`, `LEAK-CRITICAL`),
 * optionally the part it concerns and the tester's own words.
 */
export interface FailureReport {
  readonly code: string;
  readonly componentSerial?: string;
  readonly message?: string;
}

/** Namespaces the project knows; a site may use its own (`FAB_A-TORQUE`) as long as the shape holds. */
export const KNOWN_FAILURE_NAMESPACES = [
  'XID',
  'SXID',
  'DCGM',
  'LEAK',
  'COOLANT',
  'PSU',
  'VISUAL',
  'FUNC',
] as const;

/**
 * `NAMESPACE-CODE`: an upper-case namespace of 2-16 letters, digits or `_`, a dash, then 1-48 letters, digits,
 * `_`, `.` or `-`. Codes are matched case-sensitively, so a terminal's lower-case `xid-79` is refused rather
 * than silently missing every rule.
 */
export const FAILURE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,15}-[A-Z0-9][A-Z0-9_.-]{0,47}$/;
export const FAILURE_CODE_RULE = 'NAMESPACE-CODE in upper case, e.g. XID-79 or LEAK-CRITICAL';
export const MAX_FAILURES_PER_EVENT = 64;
export const MAX_FAILURE_MESSAGE_LENGTH = 200;

export function isFailureCode(value: unknown): value is string {
  return typeof value === 'string' && FAILURE_CODE_PATTERN.test(value);
}

export function namespaceOf(code: string): string {
  return code.slice(0, code.indexOf('-'));
}
